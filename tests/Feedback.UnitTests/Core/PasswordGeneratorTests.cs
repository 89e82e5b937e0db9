using Feedback.Core.Accounts;

namespace Feedback.UnitTests.Core;

public sealed class PasswordGeneratorTests
{
    [Fact]
    public void Generated_passwords_meet_the_login_rules_and_differ()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => PasswordGenerator.Generate()).ToList();

        passwords.ShouldAllBe(p => p.Length == 16 && p.Any(char.IsUpper) && p.Any(char.IsLower) && p.Any(char.IsDigit));
        passwords.Distinct().Count().ShouldBe(passwords.Count);
    }

    [Fact]
    public void Passwords_shorter_than_eight_characters_are_refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => PasswordGenerator.Generate(7));
}
