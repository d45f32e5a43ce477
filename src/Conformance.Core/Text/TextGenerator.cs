using System.Globalization;
using System.Text;
using Bogus;

namespace Conformance.Core.Text;

/// <summary>
/// Seeded, locale-aware filler text for <c>generate</c> steps. Uses a local <see cref="Randomizer"/>
/// (never the global static seed) so the same seed gives the same text on every run and machine.
/// </summary>
public static class TextGenerator
{
    /// <summary>Locales accepted besides Bogus's own: Bogus ships no Hebrew, so "he" uses a small built-in list.</summary>
    private static readonly string[] Hebrew =
        ["שלום", "עולם", "ספר", "מים", "בית", "אור", "דרך", "לחם", "שמש", "ירח", "כתב", "זמן"];

    private static readonly string[] Emoji = ["😀", "🚀", "🎉", "👍🏽", "🌍", "🔥", "🧪", "❤️", "👨‍👩‍👧", "🇯🇵"];

    private static readonly string[] Ideographs = ["漢", "字", "日", "本", "語", "中", "文", "測", "試", "雨"];

    /// <summary>True when <paramref name="locale"/> can be generated.</summary>
    public static bool IsKnownLocale(string locale) =>
        locale == "he" || Database.LocaleResourceExists(locale);

    /// <summary>Generates <paramref name="words"/> words of text in <paramref name="locale"/>.</summary>
    public static string Generate(int seed, string locale, int words, bool emoji = false, bool cjk = false)
    {
        var random = new Randomizer(seed);
        var faker = new Faker(locale == "he" ? "en" : locale) { Random = random };
        // CJK scripts are written without spaces between words.
        var separator = locale.StartsWith("ja", StringComparison.Ordinal) || locale.StartsWith("zh", StringComparison.Ordinal) ? "" : " ";
        var sb = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0) sb.Append(separator);
            // Lorem alone is Latin in many locales; names and cities carry the locale's script.
            var word = locale == "he"
                ? random.ArrayElement(Hebrew)
                : random.Number(3) switch
                {
                    0 => faker.Lorem.Word(),
                    1 => faker.Name.FirstName(),
                    2 => faker.Name.LastName(),
                    _ => faker.Address.City(),
                };
            sb.Append(word);
            if (emoji && random.Number(3) == 0) sb.Append(random.ArrayElement(Emoji));
            if (cjk && random.Number(3) == 0) sb.Append(random.ArrayElement(Ideographs));
        }
        return sb.ToString();
    }

    /// <summary>Cuts text into <paramref name="pieces"/> nearly equal parts on text-element boundaries,
    /// so no piece holds half a surrogate pair or half an emoji sequence (byte splits are the transport's job).</summary>
    public static IReadOnlyList<string> Split(string text, int pieces)
    {
        var boundaries = StringInfo.ParseCombiningCharacters(text);
        var count = boundaries.Length;
        pieces = Math.Max(1, Math.Min(pieces, Math.Max(1, count)));
        var result = new List<string>(pieces);
        for (var p = 0; p < pieces; p++)
        {
            var from = (int)((long)count * p / pieces);
            var to = (int)((long)count * (p + 1) / pieces);
            var start = from < count ? boundaries[from] : text.Length;
            var end = to < count ? boundaries[to] : text.Length;
            result.Add(text[start..end]);
        }
        return result;
    }
}
