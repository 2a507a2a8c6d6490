using System.Net;
using System.Net.Sockets;

namespace Bob.Git;

/// <summary>Which IP addresses are on the public internet, for the SSRF guard.</summary>
public static class NetworkAddressRules
{
    /// <summary>
    /// Whether <paramref name="address"/> is a public unicast address. Refused: unspecified, loopback, private (10/8,
    /// 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), link-local and cloud metadata (169.254/16, fe80::/10),
    /// "this network" (0/8), IETF protocol assignments (192.0.0/24), documentation and benchmarking ranges, multicast,
    /// reserved (240/4), unique-local IPv6 (fc00::/7), site-local (fec0::/10), and any IPv4 address in IPv6 form
    /// (mapped, compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) whose IPv4 address is refused.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return IsPublicV4(address.MapToIPv4());
            }

            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
            {
                return false;
            }

            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC)
            {
                return false;
            }

            // IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed an IPv4 address that is reached.
            if (b[..12].IndexOfAnyExcept((byte)0) < 0)
            {
                return IsPublicV4(new IPAddress(b[12..]));
            }

            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..12].IndexOfAnyExcept((byte)0) < 0)
            {
                return IsPublicV4(new IPAddress(b[12..]));
            }

            if (b[0] == 0x20 && b[1] == 0x02)
            {
                return IsPublicV4(new IPAddress(b[2..6]));
            }

            // Documentation (2001:db8::/32) and ORCHID/benchmarking ranges are not reachable hosts either.
            return !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8);
        }

        return address.AddressFamily == AddressFamily.InterNetwork && IsPublicV4(address);
    }

    private static bool IsPublicV4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return b[0] switch
        {
            0 or 10 or 127 => false,
            >= 224 => false,                                   // multicast 224/4, reserved 240/4, broadcast
            100 when (b[1] & 0xC0) == 64 => false,             // 100.64/10 carrier-grade NAT
            169 when b[1] == 254 => false,                     // link-local, 169.254.169.254 metadata
            172 when (b[1] & 0xF0) == 16 => false,             // 172.16/12
            192 when b[1] == 168 => false,                     // 192.168/16
            192 when b[1] == 0 && (b[2] == 0 || b[2] == 2) => false, // 192.0.0/24 IETF, 192.0.2/24 TEST-NET-1
            198 when b[1] == 18 || b[1] == 19 => false,        // 198.18/15 benchmarking
            198 when b[1] == 51 && b[2] == 100 => false,       // TEST-NET-2
            203 when b[1] == 0 && b[2] == 113 => false,        // TEST-NET-3
            _ => true,
        };
    }
}
