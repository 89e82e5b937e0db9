using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Core.Accounts;

/// <summary>
/// Creates accounts, sets their roles, disables them, resets their passwords and ends their lockouts. Each operation runs in its own scope, so a long-lived
/// caller (a Blazor circuit) never holds a UserManager or DbContext between operations.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FeedbackUser>>();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var roleNames = await RoleNamesByUserAsync(scope.ServiceProvider, ct);
        var now = clock.GetUtcNow();
        return all.Select(u => new UserSummary(
                u.Id, u.UserName!, u.Email, u.DisplayName,
                roleNames.TryGetValue(u.Id, out var r) ? r : [],
                u.IsDisabled, u.CreatedAt, u.LastLoginAt,
                u.LockoutEnd > now ? u.LockoutEnd : null))
            .ToList();
    }

    public async Task<OperationResult> CreateAsync(
        string userName, string password, IEnumerable<string> roles, string? email = null, string? displayName = null)
    {
        var wanted = roles.Distinct().ToList();
        if (wanted.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown)
        {
            return OperationResult.Failed($"Unknown role '{unknown}'.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FeedbackUser>>();
        var user = new FeedbackUser
        {
            UserName = userName.Trim(),
            Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
            CreatedAt = clock.GetUtcNow(),
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return OperationResult.From(created);
        }

        return wanted.Count == 0 ? OperationResult.Success : OperationResult.From(await users.AddToRolesAsync(user, wanted));
    }

    public async Task<OperationResult> SetRolesAsync(string userId, IEnumerable<string> roles, string actingUserId)
    {
        var wanted = roles.Distinct().ToList();
        if (wanted.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown)
        {
            return OperationResult.Failed($"Unknown role '{unknown}'.");
        }

        if (userId == actingUserId && !wanted.Contains(Roles.Admin))
        {
            return OperationResult.Failed("You cannot remove your own Admin role.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.FeedbackDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FeedbackUser>>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(() => SetRolesOnceAsync(db, users, userId, wanted));
    }

    // Removing and adding are separate saves: one transaction keeps a failed add from leaving the account without its roles.
    private static async Task<OperationResult> SetRolesOnceAsync(
        Data.FeedbackDbContext db, UserManager<FeedbackUser> users, string userId, IReadOnlyList<string> wanted)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return OperationResult.Failed("No such user.");
        }

        var current = await users.GetRolesAsync(user);
        var removed = await users.RemoveFromRolesAsync(user, current.Except(wanted));
        if (!removed.Succeeded)
        {
            return OperationResult.From(removed);
        }

        var added = await users.AddToRolesAsync(user, wanted.Except(current));
        if (!added.Succeeded)
        {
            return OperationResult.From(added);
        }

        // A new security stamp makes open sessions pick up the new roles at their next revalidation.
        var stamped = await users.UpdateSecurityStampAsync(user);
        if (stamped.Succeeded)
        {
            await transaction.CommitAsync();
        }

        return OperationResult.From(stamped);
    }

    public async Task<OperationResult> SetDisabledAsync(string userId, bool disabled, string actingUserId)
    {
        if (userId == actingUserId && disabled)
        {
            return OperationResult.Failed("You cannot disable your own account.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FeedbackUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return OperationResult.Failed("No such user.");
        }

        user.IsDisabled = disabled;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return OperationResult.From(updated);
        }

        return OperationResult.From(await users.UpdateSecurityStampAsync(user));
    }

    public Task<OperationResult> ResetPasswordAsync(string userId, string newPassword) =>
        WithLoginAccountAsync(userId, async (users, user) =>
        {
            // A user locked out after failed logins is usually the one who asked for the new password; the reset saves
            // the ended lockout with the new password, in one write.
            ForgetFailedLogins(user);
            var token = await users.GeneratePasswordResetTokenAsync(user);
            return OperationResult.From(await users.ResetPasswordAsync(user, token, newPassword));
        });

    /// <summary>Ends a lockout after failed logins and forgets the failures. An account that holds imported labels stays closed.</summary>
    public Task<OperationResult> UnlockAsync(string userId) =>
        WithLoginAccountAsync(userId, async (users, user) =>
        {
            ForgetFailedLogins(user);
            return OperationResult.From(await users.UpdateAsync(user));
        });

    /// <summary>Acts on an account someone may log in as: not a missing one, nor one that holds imported labels (locked for good).</summary>
    private async Task<OperationResult> WithLoginAccountAsync(string userId, Func<UserManager<FeedbackUser>, FeedbackUser, Task<OperationResult>> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FeedbackUser>>();
        return await users.FindByIdAsync(userId) switch
        {
            null => OperationResult.Failed("No such user."),
            { LockoutEnd: var end } user when end == DateTimeOffset.MaxValue =>
                OperationResult.Failed($"{user.UserName} holds imported labels: nobody logs in as it."),
            var user => await action(users, user),
        };
    }

    // Set directly rather than through SetLockoutEndDateAsync, which refuses accounts created without lockout.
    private static void ForgetFailedLogins(FeedbackUser user)
    {
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
    }

    private static async Task<Dictionary<string, List<string>>> RoleNamesByUserAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<Data.FeedbackDbContext>();
        var pairs = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        return pairs.GroupBy(p => p.UserId).ToDictionary(g => g.Key, g => g.Select(p => p.Name!).OrderBy(n => n).ToList());
    }
}
