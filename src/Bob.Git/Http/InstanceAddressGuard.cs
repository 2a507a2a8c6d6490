using System.Net;
using System.Net.Sockets;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Git;

/// <summary>
/// The SSRF guard for provider instances. <see cref="EnsureAllowed"/> checks a URL before use (https only, no literal
/// non-public address); <see cref="ConnectAsync"/> is the <see cref="SocketsHttpHandler.ConnectCallback"/> of every
/// provider client and checks each address the host name resolves to at connect time, so a DNS answer that changes
/// between the check and the request (rebinding) cannot reach a private address. Both are relaxed only by
/// <see cref="GitSecurityOptions.AllowPrivateNetworkInstances"/>.
/// </summary>
public sealed class InstanceAddressGuard(IOptionsMonitor<GitSecurityOptions> options)
{
    /// <summary>Whether private-network instances are allowed right now.</summary>
    public bool AllowsPrivateNetworks => options.CurrentValue.AllowPrivateNetworkInstances;

    /// <summary>Refuses plain http and literal non-public addresses, unless private networks are allowed.</summary>
    /// <exception cref="GitProviderException">The instance may not be contacted.</exception>
    public void EnsureAllowed(GitInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (AllowsPrivateNetworks)
        {
            return;
        }

        if (!string.Equals(instance.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal))
        {
            throw GitProviderException.InstanceNotAllowed(
                $"{instance.BaseUrl} uses plain http; only https instances are allowed (Security:AllowPrivateNetworkInstances permits http on your own network).",
                instance.Provider);
        }

        if (IPAddress.TryParse(instance.Host, out var literal) && !NetworkAddressRules.IsPublic(literal))
        {
            throw Refused(instance.Host, literal, instance.Provider);
        }
    }

    /// <summary>
    /// For processes that connect on their own (git): resolves the instance's host once, refuses when any address is not
    /// public (unless allowed), and returns the checked addresses as curl's <c>HOST:PORT:ADDRESS[,ADDRESS]</c> so the process
    /// connects to exactly them (git's <c>http.curloptResolve</c>), never to a second resolution. <see langword="null"/> for
    /// a literal address (checked by <see cref="EnsureAllowed"/>) or a name that does not resolve (the process then fails
    /// to connect as it would).
    /// </summary>
    /// <exception cref="GitProviderException">The host resolves to a non-public address.</exception>
    public async Task<string?> PinAsync(GitInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var uri = new Uri(instance.BaseUrl);
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out _))
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return null;
        }

        if (!AllowsPrivateNetworks)
        {
            foreach (var address in addresses)
            {
                if (!NetworkAddressRules.IsPublic(address))
                {
                    throw Refused(uri.IdnHost, address, instance.Provider);
                }
            }
        }

        return addresses.Length == 0
            ? null
            : $"{uri.IdnHost}:{uri.Port}:{string.Join(',', addresses.Select(a => a.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{a}]" : a.ToString()))}";
    }

    /// <summary>Resolves the host, refuses when any address is not public (unless allowed), and connects.</summary>
    /// <exception cref="GitProviderException">The host resolves to a non-public address.</exception>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (!AllowsPrivateNetworks)
        {
            foreach (var address in addresses)
            {
                if (!NetworkAddressRules.IsPublic(address))
                {
                    throw Refused(host, address, provider: null);
                }
            }
        }

        // Connect to exactly the addresses that were checked, never to a second resolution; one socket per address family,
        // so hosts without IPv6 work too.
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static GitProviderException Refused(string host, IPAddress address, GitProvider? provider) => GitProviderException.InstanceNotAllowed(
        $"{host} resolves to {address}, which is not a public address (loopback, private, link-local or metadata); " +
        "set Security:AllowPrivateNetworkInstances to reach instances on your own network.",
        provider);
}
