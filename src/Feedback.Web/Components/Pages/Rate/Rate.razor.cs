using System.Security.Claims;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Rating;
using Feedback.Web.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.JSInterop;
using MudBlazor;

namespace Feedback.Web.Components.Pages.Rate;

/// <summary>
/// The rater's page. It holds the item on screen and the one after it, leased ahead, so that a vote swaps the next
/// item in at once and is stored while the rater already looks at it. Every action names the item it was meant for;
/// an action for an item no longer on screen (a double click, a key pressed twice) is ignored.
/// </summary>
public sealed partial class Rate
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    private readonly SemaphoreSlim loadLock = new(1, 1);
    private string raterId = "";
    private string? projectName;
    private string guidelines = "";
    private Modality modality;
    private bool loading = true;

    // Items answered whose answer is still being saved: their leases live until it is, and must not come back.
    private readonly HashSet<long> answering = [];
    private bool notFound;
    private bool guidelinesOpen = true;
    private RatingItem? current;
    private RatingItem? next;
    private RaterProgress progress = new(0, 0);

    private PreferenceStrength? strength;
    private string? rationale;
    private bool flicker;
    private List<long> rankingOrder = [];
    private int rankingPlaced;

    private IJSObjectReference? module;
    private IJSObjectReference? shortcuts;
    private DotNetObjectReference<Rate>? self;
    private bool disposed;

    [Parameter]
    public long ProjectId { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject] private IDbContextFactory<FeedbackDbContext> DbFactory { get; set; } = default!;
    [Inject] private AssignmentEngine Assignments { get; set; } = default!;
    [Inject] private RatingItems Items { get; set; } = default!;
    [Inject] private VoteSubmission Votes { get; set; } = default!;
    [Inject] private RaterQueue Queue { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private BrowserTimeZone TimeZone { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<Rate> Logger { get; set; } = default!;

    private bool RankingReady => current is { IsRanking: true } && rankingPlaced >= current.Candidates.Count - 1;

    protected override async Task OnParametersSetAsync()
    {
        raterId = (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var project = await db.Projects.AsNoTracking()
                .Where(p => p.Id == ProjectId && !p.IsArchived)
                .Select(p => new { p.Name, p.GuidelinesMarkdown, p.Modality })
                .SingleOrDefaultAsync();
            notFound = project is null;
            projectName = project?.Name;
            guidelines = project?.GuidelinesMarkdown ?? "";
            modality = project?.Modality ?? Modality.Text;
        }

        current = null;
        next = null;
        if (!notFound)
        {
            await FillAsync();
        }

        loading = false;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            module = await Js.InvokeAsync<IJSObjectReference>("import", "./js/rating.js");
            if (!disposed)
            {
                self = DotNetObjectReference.Create(this);
                shortcuts = await module.InvokeAsync<IJSObjectReference>("listenForShortcuts", self);
            }

            // The page may have closed while the script loaded: what it made then is released here, as nobody else will.
            if (disposed)
            {
                await ReleaseScriptsAsync();
                return;
            }

            // "Done today" counts from the rater's midnight, which only the browser knows.
            if (await TimeZone.LearnAsync() && !notFound)
            {
                progress = await Queue.ProgressAsync(ProjectId, raterId, TimeZone.Offset);
                StateHasChanged();
            }
        }

        if (module is not null && current is { Modality: Modality.Image, IsRanking: false })
        {
            await module.InvokeVoidAsync("syncZoom", current.ComparisonId);
        }
    }

    [JSInvokable]
    public async Task OnShortcut(string key, long comparisonId)
    {
        if (key == "?")
        {
            await ShowShortcutsAsync();
        }
        else if (key == "g")
        {
            guidelinesOpen = !guidelinesOpen;
        }
        else if (current is null || comparisonId != current.ComparisonId)
        {
            return;
        }
        else if (key == "s")
        {
            await SkipAsync(comparisonId);
        }
        else if (key == "f")
        {
            await FlagAsync(comparisonId);
        }
        else if (current.IsRanking)
        {
            await RankingKeyAsync(key, comparisonId);
        }
        else
        {
            await PairKeyAsync(key, comparisonId);
        }

        StateHasChanged();
    }

    private async Task PairKeyAsync(string key, long comparisonId)
    {
        switch (key)
        {
            case "1": await VoteAsync(comparisonId, VoteChoice.Left); break;
            case "2": await VoteAsync(comparisonId, VoteChoice.Right); break;
            case "3": await VoteAsync(comparisonId, VoteChoice.Tie); break;
            case "4": await VoteAsync(comparisonId, VoteChoice.BothBad); break;
            case "x" when current?.Modality == Modality.Image: flicker = !flicker; break;
        }
    }

    private async Task RankingKeyAsync(string key, long comparisonId)
    {
        if (key == "enter")
        {
            await SubmitRankingAsync(comparisonId);
        }
        else if (key == "backspace")
        {
            ResetRanking();
        }
        else if (int.TryParse(key, out var number) && number >= 1 && number <= current!.Candidates.Count)
        {
            PlaceNext(current.Candidates[number - 1].CandidateId);
        }
    }

    /// <summary>Puts the candidate in the next undecided place; once one place is left, the last candidate takes it.</summary>
    private void PlaceNext(long candidateId)
    {
        var order = new List<long>(rankingOrder);
        var index = order.IndexOf(candidateId);
        if (index < rankingPlaced)
        {
            return;
        }

        order.RemoveAt(index);
        order.Insert(rankingPlaced, candidateId);
        rankingOrder = order;
        rankingPlaced++;
        if (rankingPlaced == order.Count - 1)
        {
            rankingPlaced = order.Count;
        }
    }

    private void MoveInRanking((long CandidateId, int NewIndex) move)
    {
        var order = new List<long>(rankingOrder);
        order.Remove(move.CandidateId);
        order.Insert(Math.Clamp(move.NewIndex, 0, order.Count), move.CandidateId);
        rankingOrder = order;

        // Dragging is a decision about the whole order.
        rankingPlaced = order.Count;
    }

    private void ResetRanking()
    {
        rankingOrder = current is null ? [] : current.Candidates.Select(c => c.CandidateId).ToList();
        rankingPlaced = 0;
    }

    private Task VoteAsync(long comparisonId, VoteChoice choice) =>
        SendAsync(comparisonId, id => new VoteRequest(id, raterId, comparisonId, Choice: choice, Strength: choice is VoteChoice.Left or VoteChoice.Right ? strength : null, Rationale: rationale));

    private Task SubmitRankingAsync(long comparisonId) =>
        RankingReady ? SendAsync(comparisonId, id => new VoteRequest(id, raterId, comparisonId, Ranking: rankingOrder.ToArray(), Rationale: rationale)) : Task.CompletedTask;

    private async Task SendAsync(long comparisonId, Func<Guid, VoteRequest> build)
    {
        if (current?.ComparisonId != comparisonId)
        {
            return;
        }

        // One id for every retry of this vote: however many times it is sent, it is stored once.
        var request = build(Guid.NewGuid());
        Advance();
        var outcome = await WithRetriesAsync(ct => Votes.SubmitAsync(request, ct), "Your vote could not be saved");
        answering.Remove(comparisonId);
        if (outcome == VoteOutcome.NotAssigned)
        {
            Snackbar.Add("That item was held too long and went back to the pool, so the vote was not counted.", Severity.Warning);
        }

        await FillAsync();
    }

    private async Task SkipAsync(long comparisonId)
    {
        if (current?.ComparisonId != comparisonId)
        {
            return;
        }

        Advance();
        await WithRetriesAsync(async ct => { await Votes.PassAsync(raterId, comparisonId, PassKind.Skip, ct: ct); return true; }, "The skip could not be saved");
        answering.Remove(comparisonId);
        await FillAsync();
    }

    private async Task FlagAsync(long comparisonId)
    {
        if (current?.ComparisonId != comparisonId)
        {
            return;
        }

        var dialog = await Dialogs.ShowAsync<FlagDialog>("Flag this item", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: string reason } || current?.ComparisonId != comparisonId)
        {
            return;
        }

        Advance();
        await WithRetriesAsync(async ct => { await Votes.PassAsync(raterId, comparisonId, PassKind.Flag, reason, ct); return true; }, "The flag could not be saved");
        answering.Remove(comparisonId);
        Snackbar.Add("Flagged. Thank you.", Severity.Info);
        await FillAsync();
    }

    /// <summary>Shows the item leased ahead (if there is one) and clears what the rater entered for the last one.</summary>
    private void Advance()
    {
        if (current is not null)
        {
            answering.Add(current.ComparisonId);
        }

        current = next;
        next = null;

        // Answering faster than the next item loads shows a loading bar, never "all caught up" too early.
        loading = current is null;
        strength = null;
        rationale = null;
        flicker = false;
        ResetRanking();

        // Rendered now, before the answer is sent: the next item is on screen at once.
        StateHasChanged();
    }

    /// <summary>Makes sure an item is on screen and the one after it is leased and loaded.</summary>
    private async Task FillAsync()
    {
        await loadLock.WaitAsync();
        try
        {
            // The rater may answer while this awaits (Advance then empties "current"), so the loop ends only with an
            // item on screen, or when a lease taken with nothing on screen, where no answer can interleave, finds none.
            while (true)
            {
                if (current is null)
                {
                    current = next ?? await LeaseAsync([.. answering]);
                    next = null;
                    ResetRanking();
                    if (current is null)
                    {
                        break;
                    }
                }

                // Its lease may have been taken ahead of time: "shown" is now.
                var shown = current;
                if (!await Assignments.MarkShownAsync(shown.LeaseId, raterId))
                {
                    current = current == shown ? null : current;
                    continue;
                }

                if (next is null)
                {
                    var ahead = await LeaseAsync([shown.ComparisonId, .. answering]);
                    if (current is null)
                    {
                        // Answered meanwhile: the item leased ahead goes on screen.
                        current = ahead;
                        ResetRanking();
                        continue;
                    }

                    next = ahead;
                }

                break;
            }

            progress = await Queue.ProgressAsync(ProjectId, raterId, TimeZone.Offset);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogError(e, "Could not load the next item for rater {RaterId} in project {ProjectId}", raterId, ProjectId);
            Snackbar.Add("The next item could not be loaded. Reload the page to try again.", Severity.Error);
        }
        finally
        {
            loadLock.Release();
        }

        // "All caught up" waits for the answers still being saved: one that fails brings its item back.
        loading = current is null && answering.Count > 0;
        StateHasChanged();
    }

    private async Task<RatingItem?> LeaseAsync(IReadOnlyCollection<long> excluding)
    {
        var assignment = await Assignments.NextAsync(ProjectId, raterId, excluding);
        return assignment is null ? null : await Items.LoadAsync(assignment);
    }

    private async Task<T?> WithRetriesAsync<T>(Func<CancellationToken, Task<T>> action, string failure)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await action(CancellationToken.None);
            }
            catch (VoteRejectedException e)
            {
                Snackbar.Add($"{failure}: {e.Message}", Severity.Error);
                return default;
            }
            catch (Exception e) when (attempt < RetryDelays.Length && e is not OperationCanceledException)
            {
                Logger.LogWarning(e, "{Failure} (attempt {Attempt}); retrying", failure, attempt + 1);
                await Task.Delay(RetryDelays[attempt]);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Logger.LogError(e, "{Failure}", failure);
                Snackbar.Add($"{failure}. Check your connection; the item will come back to you.", Severity.Error);
                return default;
            }
        }
    }

    private Task ShowShortcutsAsync() =>
        Dialogs.ShowAsync<ShortcutsDialog>("Keyboard shortcuts",
            new DialogParameters<ShortcutsDialog> { { d => d.Ranking, current?.IsRanking ?? false } },
            new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true });

    private async Task ZoomAsync(double factor)
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("zoomBy", factor);
        }
    }

    // The load lock is not disposed: a load still running when the page closes releases it afterwards.
    public async ValueTask DisposeAsync()
    {
        disposed = true;
        await ReleaseScriptsAsync();
    }

    private async Task ReleaseScriptsAsync()
    {
        var (listener, script) = (shortcuts, module);
        (shortcuts, module) = (null, null);
        try
        {
            if (listener is not null)
            {
                await listener.InvokeVoidAsync("dispose");
                await listener.DisposeAsync();
            }

            if (script is not null)
            {
                await script.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; there is nothing left to clean up on its side.
        }

        self?.Dispose();
    }
}
