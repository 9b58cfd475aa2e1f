namespace Evently.Domain.Waitlists;

/// <summary>
/// A sorted set that also knows ranks: add, remove, rank of an item and the item at a rank in O(log n) expected
/// (a treap whose nodes count their subtree). Enumerating from a rank costs O(log n) plus one step per item.
/// The shape depends on a fixed-seed generator, so runs are reproducible; the order never does.
/// </summary>
public sealed class RankedSet<T> : IReadOnlyCollection<T>
{
    private readonly IComparer<T> _order;
    private Node? _root;
    private uint _seed = 2_463_534_242;

    /// <summary>An empty set ordered by <paramref name="order"/>; items the order calls equal are the same item.</summary>
    public RankedSet(IComparer<T> order) => _order = order;

    /// <inheritdoc />
    public int Count => Size(_root);

    /// <summary>The first item, or default when empty.</summary>
    public T? Min
    {
        get
        {
            var node = _root;
            while (node?.Left is not null)
            {
                node = node.Left;
            }

            return node is null ? default : node.Item;
        }
    }

    /// <summary>Adds the item unless an equal one is present; true when added.</summary>
    public bool Add(T item)
    {
        if (IndexOf(item) >= 0)
        {
            return false;
        }

        var (below, rest) = Split(_root, item, inclusive: false);
        _root = Merge(Merge(below, new Node(item, NextPriority())), rest);
        return true;
    }

    /// <summary>Removes the item equal to <paramref name="item"/>; true when one was present.</summary>
    public bool Remove(T item)
    {
        var (below, rest) = Split(_root, item, inclusive: false);
        var (equal, above) = Split(rest, item, inclusive: true);
        _root = Merge(below, above);
        return equal is not null;
    }

    /// <summary>The 0-based rank of the item equal to <paramref name="item"/>, or -1 when absent.</summary>
    public int IndexOf(T item)
    {
        var rank = 0;
        var node = _root;
        while (node is not null)
        {
            var comparison = _order.Compare(item, node.Item);
            if (comparison == 0)
            {
                return rank + Size(node.Left);
            }

            if (comparison < 0)
            {
                node = node.Left;
            }
            else
            {
                rank += Size(node.Left) + 1;
                node = node.Right;
            }
        }

        return -1;
    }

    /// <summary>The items from 0-based rank <paramref name="index"/> on, in order. Do not change the set while enumerating.</summary>
    public IEnumerable<T> From(int index)
    {
        if (index < 0 || index >= Count)
        {
            yield break;
        }

        // The stack holds the path's nodes still to visit: those where the walk went left, and the start itself.
        var stack = new Stack<Node>();
        var node = _root;
        while (node is not null)
        {
            var left = Size(node.Left);
            if (index < left)
            {
                stack.Push(node);
                node = node.Left;
            }
            else if (index == left)
            {
                stack.Push(node);
                break;
            }
            else
            {
                index -= left + 1;
                node = node.Right;
            }
        }

        while (stack.Count > 0)
        {
            var next = stack.Pop();
            yield return next.Item;
            for (var child = next.Right; child is not null; child = child.Left)
            {
                stack.Push(child);
            }
        }
    }

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => From(0).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private static int Size(Node? node) => node?.Size ?? 0;

    /// <summary>Splits into the items before <paramref name="pivot"/> (and equal to it when inclusive) and the rest.</summary>
    private (Node? Left, Node? Right) Split(Node? node, T pivot, bool inclusive)
    {
        if (node is null)
        {
            return (null, null);
        }

        var comparison = _order.Compare(node.Item, pivot);
        if (comparison < 0 || (inclusive && comparison == 0))
        {
            var (left, right) = Split(node.Right, pivot, inclusive);
            node.Right = left;
            node.Resize();
            return (node, right);
        }
        else
        {
            var (left, right) = Split(node.Left, pivot, inclusive);
            node.Left = right;
            node.Resize();
            return (left, node);
        }
    }

    /// <summary>Joins two treaps where every item of <paramref name="left"/> comes before every item of <paramref name="right"/>.</summary>
    private static Node? Merge(Node? left, Node? right)
    {
        if (left is null)
        {
            return right;
        }

        if (right is null)
        {
            return left;
        }

        if (left.Priority > right.Priority)
        {
            left.Right = Merge(left.Right, right);
            left.Resize();
            return left;
        }

        right.Left = Merge(left, right.Left);
        right.Resize();
        return right;
    }

    private uint NextPriority()
    {
        // xorshift32: cheap, and the same shape on every run.
        _seed ^= _seed << 13;
        _seed ^= _seed >> 17;
        _seed ^= _seed << 5;
        return _seed;
    }

    private sealed class Node(T item, uint priority)
    {
        public T Item { get; } = item;

        public uint Priority { get; } = priority;

        public Node? Left { get; set; }

        public Node? Right { get; set; }

        public int Size { get; private set; } = 1;

        public void Resize() => Size = 1 + (Left?.Size ?? 0) + (Right?.Size ?? 0);
    }
}
