using Conformance.Server.Journal;

namespace Conformance.Tests.Server;

[TestFixture]
public sealed class JournalStoreTests
{
    [Test]
    public void Allocate_PastCapacity_DropsOldestCasesFirst()
    {
        var store = new JournalStore(TimeProvider.System, maxCases: 100);
        var ids = Enumerable.Range(0, 1000).Select(_ => store.Allocate("s").CaseId).ToList();

        Assert.That(store.Count, Is.EqualTo(100));
        Assert.That(store.Find(ids[^1]), Is.Not.Null);
        Assert.That(store.Find(ids[0]), Is.Null);
    }

    [Test]
    public void Implicit_SameScenario_SharesOneAttemptCounter()
    {
        var store = new JournalStore(TimeProvider.System);
        Assert.That(store.Implicit("a"), Is.SameAs(store.Implicit("a")));
        Assert.That(store.Implicit("a"), Is.Not.SameAs(store.Implicit("b")));
    }
}
