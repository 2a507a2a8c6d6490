using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Bob.Git;
using Bob.Git.Abstractions;
using Bob.SampleHost.Authentication;

namespace Bob.SampleHost.Endpoints;

/// <summary>
/// <c>GET /api/sessions/{id}/events</c>: the session's events as server-sent events (<c>id:</c> the sequence, <c>event:</c>
/// the kind, <c>data:</c> the payload as camelCase JSON), from after <c>Last-Event-ID</c> (or <c>?after=</c>), then live, with
/// a comment every <see cref="Heartbeat"/>. Each client has its own bounded buffer (<see cref="BufferedEvents"/>): a client
/// that falls that far behind is dropped (it resumes with <c>Last-Event-ID</c>), and never slows writers or other clients.
/// </summary>
internal static class SessionEventStreaming
{
    /// <summary>How often an idle stream sends a comment, so proxies and clients see it alive.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    /// <summary>How many events one client may fall behind before it is dropped.</summary>
    public const int BufferedEvents = 256;

    /// <summary>The most events one write to the client carries.</summary>
    public const int EventsPerWrite = 64;

    public static async Task StreamAsync(Guid id, string? after, HttpContext context, SessionService sessions, ISessionEventStream stream, CancellationToken cancellationToken)
    {
        // Checked before anything is written, so an unknown or another user's session is a 404 problem.
        await sessions.GetAsync(context.User.GetUserId(), id, cancellationToken);
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        var from = lastEventId.Length > 0 ? lastEventId : after;
        long start = 0;
        if (from is { Length: > 0 } && (!long.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start < 0))
        {
            throw new BobValidationException(lastEventId.Length > 0 ? "Last-Event-ID" : "after", "The last event id is a sequence number (0 or more).");
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var buffer = Channel.CreateBounded<SessionEvent>(new BoundedChannelOptions(BufferedEvents) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var item in stream.SubscribeAsync(id, start, linked.Token))
                    {
                        if (!buffer.Writer.TryWrite(item))
                        {
                            // The client is too far behind: drop it; it comes back with Last-Event-ID.
                            await linked.CancelAsync();
                            break;
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
                catch (Exception ex) when (StoreOutage.IsUnavailable(ex))
                {
                    // The database went away mid-stream: end the stream; the client resumes with Last-Event-ID, and until the
                    // database is back it is answered 503.
                }
                finally
                {
                    buffer.Writer.TryComplete();
                }
            },
            CancellationToken.None);

        try
        {
            while (!linked.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
                idle.CancelAfter(Heartbeat);
                bool more;
                try
                {
                    more = await buffer.Reader.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!linked.IsCancellationRequested)
                {
                    await response.Body.WriteAsync(": heartbeat\n\n"u8.ToArray(), linked.Token);
                    await response.Body.FlushAsync(linked.Token);
                    continue;
                }

                if (!more)
                {
                    break;
                }

                // At most a few events per write, so what a client has taken but not yet read stays small too.
                var text = new StringBuilder();
                for (var taken = 0; taken < EventsPerWrite && buffer.Reader.TryRead(out var item); taken++)
                {
                    text.Append("id: ").Append(item.Sequence.ToString(CultureInfo.InvariantCulture)).Append('\n')
                        .Append("event: ").Append(item.Kind).Append('\n')
                        .Append("data: ").Append(item.Payload.GetRawText()).Append("\n\n");
                }

                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), linked.Token);
                await response.Body.FlushAsync(linked.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // the client went away, or was dropped
        }
        finally
        {
            await linked.CancelAsync();
            await producer;
        }
    }
}
