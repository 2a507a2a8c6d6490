namespace Bob.Tasks;

/// <summary>A task Kanbanger created.</summary>
/// <param name="Id">Its id (<c>tsk_…</c>).</param>
/// <param name="Identifier">Its human identifier, such as <c>BOB-43</c>.</param>
/// <param name="Url">Its page.</param>
public sealed record KanbangerTask(string Id, string Identifier, string Url);
