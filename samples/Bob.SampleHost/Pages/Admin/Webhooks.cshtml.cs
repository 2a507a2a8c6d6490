using System.Globalization;
using System.Text;
using Bob.Git.Abstractions;
using Bob.Webhooks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bob.SampleHost.Pages.Admin;

/// <summary>
/// <c>/admin/webhooks</c> (admins): per source, deliveries and failures per hour over the last day as a server-rendered SVG
/// chart; the dead-lettered deliveries with their reason and a replay button (antiforgery); the hooks Bob manages and what it
/// last saw of each.
/// </summary>
[Authorize(Policy = SampleHostComposition.PageAdminPolicy)]
internal sealed class WebhooksModel(IWebhookDeliveryAdmin deliveries, IRepositoryWebhookStore hooks, TimeProvider timeProvider) : PageModel
{
    /// <summary>The hours charted, oldest first, ending with the current one.</summary>
    public IReadOnlyList<DateTimeOffset> Hours { get; private set; } = [];

    /// <summary>Per source, the counts of each charted hour.</summary>
    public IReadOnlyList<(string Source, IReadOnlyList<WebhookHourlyCount> Counts)> Sources { get; private set; } = [];

    /// <summary>Dead-lettered deliveries, newest first.</summary>
    public IReadOnlyList<WebhookDeliverySummary> Failed { get; private set; } = [];

    /// <summary>Deliveries that failed and are waiting for their next attempt, newest first.</summary>
    public IReadOnlyList<WebhookDeliverySummary> Retrying { get; private set; } = [];

    /// <summary>The hooks Bob keeps.</summary>
    public IReadOnlyList<RepositoryWebhook> Hooks { get; private set; } = [];

    /// <summary>What the last action did.</summary>
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostReplayAsync(Guid id, CancellationToken cancellationToken)
    {
        Message = await deliveries.ReplayAsync(id, cancellationToken)
            ? $"Delivery {id} is queued to be processed again."
            : $"No failed or processed delivery {id}.";
        if (Message.StartsWith("No ", StringComparison.Ordinal))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The chart of one source: a bar per hour, its failed part red, each with its numbers as a tooltip and text.</summary>
    public string Chart(string source, IReadOnlyList<WebhookHourlyCount> counts)
    {
        const int barWidth = 14, gap = 2, height = 80, top = 4;
        var max = Math.Max(1, counts.Max(c => c.Deliveries));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"chart\" viewBox=\"0 0 {Hours.Count * (barWidth + gap)} {height + 18}\" preserveAspectRatio=\"xMinYMin meet\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(source)}: {counts.Sum(c => c.Deliveries)} deliveries, {counts.Sum(c => c.Failures)} failed, in the last {Hours.Count} hours</title>");
        for (var i = 0; i < Hours.Count; i++)
        {
            var c = counts[i];
            var x = i * (barWidth + gap);
            var all = (int)Math.Round((double)c.Deliveries / max * (height - top));
            var failed = (int)Math.Round((double)c.Failures / max * (height - top));
            var label = $"{Hours[i]:HH}:00 UTC: {c.Deliveries} deliveries, {c.Failures} failed";
            svg.Append(CultureInfo.InvariantCulture, $"<g><title>{Encode(label)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"deliveries\" x=\"{x}\" y=\"{height - all}\" width=\"{barWidth}\" height=\"{all}\" fill=\"#4a7bd0\"/>");
            if (failed > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"failures\" x=\"{x}\" y=\"{height - failed}\" width=\"{barWidth}\" height=\"{failed}\" fill=\"#c62828\"/>");
            }

            svg.Append("</g>");
            if (i % 6 == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{height + 14}\" font-size=\"10\">{Hours[i]:HH}h</text>");
            }
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var current = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        Hours = [.. Enumerable.Range(0, 24).Select(i => current.AddHours(i - 23))];
        var counts = await deliveries.CountByHourAsync(Hours[0], cancellationToken);
        Sources = [.. counts.Select(c => c.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(source => (source, (IReadOnlyList<WebhookHourlyCount>)[.. Hours.Select(hour =>
                counts.FirstOrDefault(c => c.Source == source && c.Hour == hour) ?? new WebhookHourlyCount(source, hour, 0, 0))]))];
        Failed = await deliveries.ListAsync("failed", 50, cancellationToken);
        Retrying = [.. (await deliveries.ListAsync("pending", 200, cancellationToken)).Where(d => d.RetryCount > 0).Take(50)];
        Hooks = await hooks.ListAsync(cancellationToken);
    }
}
