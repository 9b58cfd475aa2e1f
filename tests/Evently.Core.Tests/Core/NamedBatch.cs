using Evently.Core.Commit;

namespace Evently.Core.Tests.Core;

/// <summary>A batch whose rows are the names of the requests in it: enough to test the commit shell alone.</summary>
internal sealed class NamedBatch : CommitBatch
{
    public List<string> Names { get; } = [];
}
