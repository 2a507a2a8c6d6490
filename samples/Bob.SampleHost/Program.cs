using Bob.SampleHost;

return await SampleHostProgram.RunAsync(args, Console.Out, Console.Error);

/// <summary>The sample host's entry point (public so integration tests can start it with <c>WebApplicationFactory</c>).</summary>
public partial class Program;
