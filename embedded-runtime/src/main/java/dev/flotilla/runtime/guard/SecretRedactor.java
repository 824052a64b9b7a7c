package dev.flotilla.runtime.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces what looks like a secret with {@code [REDACTED:<kind>]}: API keys of common providers
 * (OpenAI, Anthropic, AWS, GitHub, Slack, Google, Stripe, Flotilla's own), bearer tokens, JWTs,
 * private-key blocks, and the value of a {@code password=}/{@code api_key:} style assignment; with
 * {@link #withPii()} also e-mail addresses, phone numbers and card numbers that pass the Luhn check.
 * Each pattern is tried only when its cheap marker occurs in the text. Immutable and thread-safe.
 */
public final class SecretRedactor {

    /** What one pass redacted: the text and the kinds, once each, in the order first seen. */
    public record Redacted(String text, List<String> kinds) {
        public boolean changed() { return !kinds.isEmpty(); }
    }

    private record Kind(String name, Pattern pattern, String marker, int keepGroup) {}

    private static final List<Kind> SECRETS = List.of(
            new Kind("private_key", Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)"), "PRIVATE KEY", 0),
            new Kind("anthropic_key", Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{20,}"), "sk-ant-", 0),
            new Kind("openai_key", Pattern.compile("\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"), "sk-", 0),
            new Kind("aws_access_key", Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b"), "A", 0),
            new Kind("aws_secret_key", Pattern.compile("(?i)(aws_secret_access_key\\s*[=:]\\s*[\"']?)[A-Za-z0-9/+=]{40}"), "ws_secret", 1),
            new Kind("github_token", Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"), "g", 0),
            new Kind("slack_token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"), "xox", 0),
            new Kind("google_api_key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"), "AIza", 0),
            new Kind("stripe_key", Pattern.compile("\\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,}"), "_live_|_test_", 0),
            new Kind("flotilla_key", Pattern.compile("\\bflt_[0-9a-f]{32,}"), "flt_", 0),
            new Kind("jwt", Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"), "eyJ", 0),
            new Kind("bearer_token", Pattern.compile("(?i)(\\bbearer\\s+)[A-Za-z0-9._~+/-]{16,}=*"), "earer", 1),
            new Kind("password", Pattern.compile("(?i)(\\b(?:password|passwd|pwd|passphrase|secret|api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret)"
                    + "[\"']?\\s*[=:]\\s*[\"']?)[^\\s\"',;]{6,}"), "=|:", 1));

    private static final List<Kind> PII = List.of(
            new Kind("email", Pattern.compile("\\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,24}\\b"), "@", 0),
            new Kind("card_number", Pattern.compile("\\b(?:\\d[ -]?){12,18}\\d\\b"), "", 0),
            new Kind("phone", Pattern.compile("(?<![\\w+])\\+?\\d{1,3}?[ .-]?\\(?\\d{2,4}\\)?[ .-]?\\d{3,4}[ .-]?\\d{3,5}\\b"), "", 0));

    private final List<Kind> kinds;

    private SecretRedactor(List<Kind> kinds) {
        this.kinds = kinds;
    }

    /** Secrets only. */
    public static SecretRedactor secrets() {
        return new SecretRedactor(SECRETS);
    }

    /** Secrets, then e-mail addresses, card numbers (Luhn-checked) and phone numbers. */
    public SecretRedactor withPii() {
        List<Kind> all = new ArrayList<>(kinds);
        all.addAll(PII);
        return new SecretRedactor(List.copyOf(all));
    }

    public Redacted redact(String text) {
        String out = text;
        List<String> found = List.of();
        for (Kind k : kinds) {
            if (!mayContain(out, k.marker)) continue;
            Matcher m = k.pattern.matcher(out);
            StringBuilder sb = null;
            int last = 0;
            while (m.find()) {
                if (k.name.equals("card_number") && !luhn(m.group())) continue;
                if (sb == null) sb = new StringBuilder(out.length());
                sb.append(out, last, m.start());
                if (k.keepGroup > 0) sb.append(m.group(k.keepGroup));
                sb.append("[REDACTED:").append(k.name).append(']');
                last = m.end();
            }
            if (sb == null) continue;
            sb.append(out, last, out.length());
            out = sb.toString();
            if (found.isEmpty()) found = new ArrayList<>(2);
            found.add(k.name);
        }
        return new Redacted(out, found.isEmpty() ? List.of() : List.copyOf(found));
    }

    private static boolean mayContain(String text, String marker) {
        if (marker.isEmpty()) return hasDigitRun(text);
        for (String m : marker.split("\\|")) if (text.contains(m)) return true;
        return false;
    }

    private static boolean hasDigitRun(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') { if (++run >= 7) return true; }
            else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') run = 0;
        }
        return false;
    }

    static boolean luhn(String number) {
        int sum = 0, digits = 0;
        boolean twice = false;
        for (int i = number.length() - 1; i >= 0; i--) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') continue;
            int d = c - '0';
            if (twice) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            twice = !twice;
            digits++;
        }
        return digits >= 13 && digits <= 19 && sum % 10 == 0;
    }
}
