namespace Feedback.Jobs;
public static class Program { public static int Main() => 0; }
