namespace Feedback.Training.Datasets.Text;

/// <summary>The sentences and lists that <see cref="RewritingTasks"/> asks to be rewritten, with their rewrites.</summary>
internal static class RewritingBank
{
    /// <summary>Blunt requests and polite versions of them.</summary>
    public static readonly (string Blunt, string Polite)[] Politeness =
    [
        ("Send me the report today.", "Could you please send me the report today?"),
        ("Close the door.", "Would you mind closing the door, please?"),
        ("Give me your notes.", "Could I please borrow your notes?"),
        ("Call me back.", "Could you call me back when you have a moment?"),
        ("Move your car.", "Would you please move your car?"),
        ("Stop talking during the film.", "Could you please keep quiet during the film?"),
        ("Fix the printer.", "Could you please take a look at the printer?"),
        ("Answer my email.", "Could you please reply to my email when you can?"),
        ("Turn the music down.", "Would you mind turning the music down a little?"),
        ("Bring me a glass of water.", "Could you bring me a glass of water, please?"),
    ];

    /// <summary>Wordy sentences, a short version that keeps the point, and one that loses it.</summary>
    public static readonly (string Long, string Short, string LosesThePoint)[] Shortening =
    [
        ("I wanted to let you know that the meeting has been moved to Friday at noon.", "The meeting is now Friday at noon.", "The meeting has been moved."),
        ("Just a quick note to say that the shop will be closed all day on Monday.", "The shop is closed on Monday.", "The shop will be closed."),
        ("Please remember that you need to bring your own lunch on the trip tomorrow.", "Bring your own lunch tomorrow.", "Remember the trip."),
        ("We are very happy to tell you that your order has been shipped today.", "Your order shipped today.", "We are very happy."),
        ("It looks like it is going to rain quite a lot later this afternoon.", "Heavy rain is expected this afternoon.", "The weather will change."),
        ("I am writing to tell you that the train to Leeds is running 20 minutes late.", "The Leeds train is 20 minutes late.", "The train is running."),
        ("Could everyone please make sure that all the windows are shut before leaving?", "Shut all windows before leaving.", "Please leave."),
    ];

    /// <summary>Sets of items to be put into a list, a few at a time.</summary>
    public static readonly string[][] ListItems =
    [
        ["eggs", "milk", "bread", "butter", "apples", "rice", "cheese"],
        ["wash the dishes", "feed the cat", "water the plants", "take out the trash", "sweep the floor"],
        ["passport", "charger", "toothbrush", "sunglasses", "socks", "a good book"],
        ["red", "orange", "yellow", "green", "blue"],
    ];

    /// <summary>A sentence, the part to put in bold, what that part is, and another part a careless answer bolds instead.</summary>
    public static readonly (string Sentence, string Key, string What, string Decoy)[] Emphasis =
    [
        ("The report is due on Monday.", "Monday", "day", "report"),
        ("Meet me at the station at noon.", "noon", "time", "station"),
        ("The party is at Anna's house on Saturday.", "Saturday", "day", "party"),
        ("Our flight leaves from Gate 12.", "Gate 12", "gate", "flight"),
        ("Tickets cost 15 dollars each.", "15 dollars", "price", "Tickets"),
        ("The museum opens at 9 am.", "9 am", "time", "museum"),
        ("Send the signed form to Maria.", "Maria", "name", "form"),
        ("The bus to the airport leaves at 6 pm.", "6 pm", "time", "airport"),
    ];
}
