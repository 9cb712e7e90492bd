package dev.tejun.server.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/me/settings}: the caller's language (their choice, else the best of {@code Accept-Language}, else
 * English) and time zone (their choice or null: the browser's); {@code PUT} stores a choice (null clears it).
 */
public final class SettingsHandler {

    /** The languages the web pages have catalogues for (web/i18n/LANG/), the first the fallback. */
    public static final List<String> LANGUAGES = List.of("en", "ja");

    /** The answer of GET: {@code chosen} says whether the language is the user's choice or the browser's. */
    public record Answer(String language, String timeZone, boolean chosen) {}

    private final UserSettings settings;
    private final ObjectMapper json;

    public SettingsHandler(UserSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    public void get(Context ctx) {
        UserSettings.Settings s = settings.get(user(ctx));
        String language = s.language() != null ? s.language() : fromHeader(ctx.header("Accept-Language"));
        ctx.json(new Answer(language, s.timeZone(), s.language() != null));
    }

    public void put(Context ctx) {
        UserSettings.Settings body = RequestBodies.read(ctx, json, UserSettings.Settings.class);
        if (body.language() != null && !LANGUAGES.contains(body.language())) {
            throw new ApiException(400, "language must be one of " + LANGUAGES);
        }
        if (body.timeZone() != null) {
            try {
                ZoneId.of(body.timeZone());
            } catch (DateTimeException e) {
                throw new ApiException(400, "unknown time zone " + body.timeZone());
            }
        }
        settings.put(user(ctx), body);
        get(ctx);
    }

    /**
     * The language a reader asked a report in: {@code ?lang} (a page asks in its own language), else the best of the
     * request's {@code Accept-Language}, else English. Every report (HTML, Markdown, PDF) is chosen the same way.
     */
    public static String readerLanguage(Context ctx) {
        String lang = ctx.queryParam("lang");
        return lang != null ? lang : fromHeader(ctx.header("Accept-Language"));
    }

    /** The first language of the header that has a catalogue, by the header's weights; English when none has. */
    public static String fromHeader(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return LANGUAGES.getFirst();
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                String tag = range.getRange().toLowerCase(Locale.ROOT);
                for (String l : LANGUAGES) {
                    if (tag.equals(l) || tag.startsWith(l + "-")) {
                        return l;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return LANGUAGES.getFirst(); // a malformed header is no reason to refuse the page
        }
        return LANGUAGES.getFirst();
    }

    private static String user(Context ctx) {
        return Access.principal(ctx).map(Principal::name).orElseThrow(() -> new ApiException(401, "sign in first"));
    }
}
