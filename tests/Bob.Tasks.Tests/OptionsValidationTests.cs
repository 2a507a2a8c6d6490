using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bob.Tasks.Tests;

/// <summary>Issue 19: the task runs' options are validated when the host starts, like every other package's.</summary>
public sealed class OptionsValidationTests
{
    private static ServiceProvider Services(Action<KanbangerOptions>? kanbanger = null, Action<TaskWorthinessOptions>? worthiness = null)
    {
        var services = new ServiceCollection();
        services.AddBobTaskRuns(kanbanger);
        if (worthiness is not null)
        {
            services.Configure(worthiness);
        }

        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData("javascript:alert(1)", null, "Kanbanger:BaseUrl")]
    [InlineData("not a url", null, "Kanbanger:BaseUrl")]
    [InlineData("https://kanbanger.example/", "ws 1", "Kanbanger:WorkspaceId")]
    [InlineData("https://kanbanger.example/", "ws\t1", "Kanbanger:WorkspaceId")]
    public void ABadKanbangerSetting_FailsNamingIt(string baseUrl, string? workspace, string named)
    {
        using var services = Services(o => { o.BaseUrl = baseUrl; o.WorkspaceId = workspace; });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KanbangerOptions>>().Value);

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GoodOrAbsentKanbangerSettings_Pass()
    {
        using var configured = Services(o => { o.BaseUrl = "http://127.0.0.1:5081/"; o.WorkspaceId = "ws_1"; });
        using var absent = Services();
        using var empty = Services(o => { o.BaseUrl = ""; o.WorkspaceId = ""; }); // Kanbanger__WorkspaceId= in an environment: unset

        Assert.Equal("ws_1", configured.GetRequiredService<IOptions<KanbangerOptions>>().Value.WorkspaceId);
        Assert.Null(absent.GetRequiredService<IOptions<KanbangerOptions>>().Value.BaseUrl);
        Assert.Equal("", empty.GetRequiredService<IOptions<KanbangerOptions>>().Value.WorkspaceId);
    }

    [Fact]
    public void ANegativeWorthinessThreshold_FailsNamingIt()
    {
        using var services = Services(worthiness: o => o.MinChangedLines = -1);

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TaskWorthinessOptions>>().Value);

        Assert.Contains("MinChangedLines", failure.Message, StringComparison.Ordinal);
    }
}
