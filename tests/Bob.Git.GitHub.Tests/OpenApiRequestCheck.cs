using System.Text.Json;
using System.Text.RegularExpressions;
using Bob.Testing;

namespace Bob.Git.GitHub.Tests;

/// <summary>
/// Checks a recorded request against GitHub's OpenAPI description (Resources/github-api/openapi-operations.json): the
/// operation exists for the method and path, every query parameter is declared (with its enum and type), and the JSON
/// body has only declared properties of the declared types and enums, and all required ones.
/// </summary>
internal static class OpenApiRequestCheck
{
    private static readonly JsonElement Operations = JsonDocument.Parse(EmbeddedPayloads.Read<GitHubClientTests>("github-api", "openapi-operations.json")).RootElement;

    public static void AssertConforms(RecordedRequest request, string apiPrefix = "/api/v3")
    {
        var path = request.Path.StartsWith(apiPrefix, StringComparison.Ordinal) ? request.Path[apiPrefix.Length..] : request.Path;
        var operation = Operations.EnumerateObject().FirstOrDefault(o => Matches(o.Name, request.Method, path));
        Assert.True(operation.Value.ValueKind == JsonValueKind.Object, $"{request.Method} {path} is not an operation of GitHub's OpenAPI description (or not one the tests expect).");

        var declared = operation.Value.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").ToDictionary(p => p.GetProperty("name").GetString()!);
        foreach (var (name, value) in Query(request.Query))
        {
            Assert.True(declared.TryGetValue(name, out var parameter), $"{request}: query parameter '{name}' is not declared.");
            CheckScalar(parameter.GetProperty("schema"), value, $"{request}: query '{name}'");
        }

        if (operation.Value.TryGetProperty("body", out var schema))
        {
            Assert.False(string.IsNullOrEmpty(request.Body), $"{request}: the operation takes a JSON body.");
            CheckObject(schema, JsonDocument.Parse(request.Body).RootElement, $"{request} body");
        }
    }

    private static bool Matches(string key, string method, string path)
    {
        var space = key.IndexOf(' ', StringComparison.Ordinal);
        if (!key[..space].Equals(method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var pattern = "^" + Regex.Replace(Regex.Escape(key[(space + 1)..]), @"\\\{[a-z_]+}", "[^/]+") + "$";
        return Regex.IsMatch(path, pattern);
    }

    private static IEnumerable<(string Name, string Value)> Query(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Select(p => (Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p.Length > 1 ? p[1] : "")));

    private static void CheckObject(JsonElement schema, JsonElement value, string where)
    {
        Assert.Equal(JsonValueKind.Object, value.ValueKind);
        var properties = schema.GetProperty("properties");
        foreach (var property in value.EnumerateObject())
        {
            Assert.True(properties.TryGetProperty(property.Name, out var propertySchema), $"{where}: property '{property.Name}' is not declared.");
            CheckValue(propertySchema, property.Value, $"{where}.{property.Name}");
        }

        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray())
            {
                Assert.True(value.TryGetProperty(name.GetString()!, out _), $"{where}: required property '{name}' is missing.");
            }
        }
    }

    private static void CheckValue(JsonElement schema, JsonElement value, string where)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            Assert.True(schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean(), $"{where}: null is not allowed.");
            return;
        }

        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            Assert.Contains(oneOf.EnumerateArray(), s => SchemaKind(s) == Kind(value));
            return;
        }

        Assert.True(SchemaKind(schema) == Kind(value), $"{where}: expected {SchemaKind(schema)}, got {value.ValueKind}.");
        if (schema.TryGetProperty("enum", out var values))
        {
            Assert.Contains(value.GetRawText(), values.EnumerateArray().Select(v => v.GetRawText()));
        }
    }

    private static void CheckScalar(JsonElement schema, string value, string where)
    {
        switch (schema.GetProperty("type").GetString())
        {
            case "integer":
                Assert.True(long.TryParse(value, out _), $"{where}: '{value}' is not an integer.");
                break;
            case "boolean":
                Assert.True(value is "true" or "false", $"{where}: '{value}' is not a boolean.");
                break;
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            Assert.Contains(value, values.EnumerateArray().Select(v => v.GetString()));
        }
    }

    private static string SchemaKind(JsonElement schema) => schema.TryGetProperty("type", out var type) ? type.GetString()! : "any";

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        _ => "null",
    };
}
