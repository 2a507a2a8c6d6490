using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Bob.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point of the benchmark runner.</summary>
public partial class Program;
