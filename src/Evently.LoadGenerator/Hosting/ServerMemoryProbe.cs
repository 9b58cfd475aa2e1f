using System.Globalization;

namespace Evently.LoadGenerator.Hosting;

/// <summary>Reads a Linux process's resident memory from <c>/proc/&lt;pid&gt;/status</c>.</summary>
public sealed class ServerMemoryProbe
{
    private long _lastPeak;

    /// <summary>Probes process <paramref name="pid"/>.</summary>
    public ServerMemoryProbe(int pid) => Pid = pid;

    /// <summary>The process id.</summary>
    public int Pid { get; }

    /// <summary>Peak resident set size (VmHWM) in bytes; the last value seen if the process is gone; null if never readable.</summary>
    public long? PeakBytes()
    {
        var value = Read("VmHWM:");
        if (value is { } v)
        {
            _lastPeak = v;
            return v;
        }

        return _lastPeak > 0 ? _lastPeak : null;
    }

    /// <summary>Current resident set size (VmRSS) in bytes, or null.</summary>
    public long? ResidentBytes()
    {
        var rss = Read("VmRSS:");
        if (rss is not null)
        {
            PeakBytes();
        }

        return rss;
    }

    private long? Read(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            {
                if (!line.StartsWith(field, StringComparison.Ordinal))
                {
                    continue;
                }

                var parts = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length > 0 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
                {
                    return kb * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
