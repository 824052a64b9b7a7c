package dev.flotilla.runtime.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Patterns that explain themselves: each names what it found (a rule id and a sentence) and the
 * words that matched. They read the normalised, lower-cased text ({@link Normalizer}), so one
 * pattern covers the upper-case, full-width, look-alike and base64-wrapped forms alike. English and
 * German. Patterns are bounded (no nested repetition) so a 10,000-character input is one linear scan each.
 */
final class Rules {

    /** One rule that matched: its id, what it means, and the matched words (cut short). */
    record Hit(String rule, String meaning, String matched) {
        String reason() {
            return rule + ": " + meaning + " (\"" + matched + "\")";
        }
    }

    /**
     * A rule: its pattern is only tried near its trigger words (found by {@code indexOf}, which is
     * fast), from {@code before} characters ahead of one to {@code after} past it, so a long benign
     * text costs a few substring searches, not a regex scan per rule.
     */
    private record Rule(String id, String meaning, Pattern pattern, List<String> triggers, int before, int after) {}

    /** Trigger occurrences tried per rule and trigger word, at most: bounds the work on long texts. */
    private static final int MAX_TRIES = 16;

    // up to a few words between a verb and its object: "ignore all of the previous instructions"
    private static final String GAP = "(?:[\\s,:;.'\"-]+\\S{1,20}){0,5}?[\\s,:;.'\"-]+";

    private static final List<Rule> RULES = List.of(
            new Rule("ignore_previous", "asks to ignore or forget the instructions given before",
                    Pattern.compile("\\b(?:ignore|disregard|forget|skip|override|bypass|abandon|drop|neglect)" + GAP
                            + "(?:previous|prior|above|earlier|preceding|former|initial|original|preset|existing|system|all|your)"
                            + "(?:\\s+\\S{1,15})?\\s+(?:instructions?|prompts?|rules|directions|directives|tasks?|guidelines|"
                            + "context|commands|orders|assignments?|guardrails|restrictions|information)\\b"
                            + "|\\b(?:ignore|forget|disregard)\\s+(?:everything|all|anything)\\s+(?:before|above|previous|prior|said|else)"
                            + "|\\bforget\\s+(?:about\\s+)?(?:everything|all)\\b|\\bignore\\s+(?:the\\s+)?(?:above|everything|that)\\b"
                            + "|\\b(?:remove|leave|put|set)\\s+(?:all\\s+)?(?:the\\s+|your\\s+)?(?:previous|prior|earlier)\\s+(?:tasks|information|instructions)"
                            + "|\\b(?:previous|prior|earlier|above)\\s+(?:instructions|information|tasks)\\s+(?:\\S+\\s+){0,4}?(?:are\\s+)?(?:irrelevant|void|obsolete|cancell?ed)"),
                    List.of("ignore", "disregard", "forget", "skip", "override", "bypass", "abandon", "drop", "neglect"), 2, 220),
            new Rule("ignore_previous_de", "verlangt, die vorherigen Anweisungen zu ignorieren oder zu vergessen",
                    Pattern.compile("\\b(?:ignorier\\w*|vergiss|vergessen\\s+sie|vergesst|missacht\\w*|überspring\\w*|verwirf|lösche)" + GAP
                            + "(?:vorherig\\w*|bisherig\\w*|obig\\w*|vorig\\w*|vorangegangen\\w*|früher\\w*|alle\\w*|deine\\w*|ihre\\w*|davor|oben)"
                            + "(?:\\s+\\S{1,15})?\\s+(?:anweisung\\w*|befehl\\w*|aufgabe\\w*|regeln|instruktion\\w*|vorgabe\\w*|informationen|"
                            + "prompts?|richtlinien|einschränkungen)\\b"
                            + "|\\b(?:vergiss|vergessen\\s+sie|ignorier\\w*)\\s+(?:alles|das\\s+alles|alle[sn]?)\\b|\\babweichend\\s+(?:zu|von)\\s+(?:den\\s+)?vorherigen"
                            + "|\\balle\\s+(?:bisherigen|vorherigen|vorangegangenen|obigen)\\s+(?:informationen|aufgaben|anweisungen|instruktionen)"
                            + "(?:\\s+\\S+){0,6}?\\s+(?:irrelevant|hinter\\s+sich|aus\\s+dem\\s+kopf|ungültig)"),
                    List.of("ignorier", "vergiss", "vergessen", "vergesst", "missacht", "überspring", "verwirf", "lösche", "abweichend", "alle "), 2, 220),
            new Rule("ignore_previous_other", "asks, in another language, to forget the instructions given before",
                    Pattern.compile("\\b(?:oublie[zr]?|ignore[zr])\\s+(?:toutes\\s+|tout\\s+)?(?:les\\s+)?(?:instructions|consignes|ce\\s+qui\\s+pr)"
                            + "|\\b(?:olvid[ae]|ignor[ae])\\s+(?:todo|todas|las\\s+instrucciones)|\\bzaboravi\\s+sve"
                            + "|\\bdimentica\\s+(?:tutto|le\\s+istruzioni)|\\bvergeet\\s+(?:alle|alles)"),
                    List.of("oubli", "ignore", "olvid", "ignora", "zaboravi", "dimentica", "vergeet"), 2, 60),
            new Rule("role_takeover", "tries to give the model a new role or free it from its rules",
                    Pattern.compile("\\b(?:you\\s+are\\s+now|from\\s+now\\s+on,?\\s+you|now\\s+you\\s+are|you\\s+will\\s+now\\s+act"
                            + "|pretend\\s+(?:to\\s+be|you\\s+are|that\\s+you)|act\\s+as\\s+(?:if\\s+you|an?\\s+(?:unrestricted|unfiltered|evil))"
                            + "|developer\\s+mode|jailbreak|do\\s+anything\\s+now|no\\s+(?:longer\\s+)?(?:bound|restricted)\\s+by"
                            + "|new\\s+(?:instructions|task|role)\\s*:|your\\s+new\\s+(?:task|role|instructions)"
                            + "|du\\s+bist\\s+(?:jetzt|nun|ab\\s+jetzt)|ab\\s+(?:jetzt|sofort)\\s+bist\\s+du|tu\\s+so,?\\s+als"
                            + "|neue\\s+(?:aufgabe|anweisung|rolle)\\s*:|deine\\s+neue\\s+(?:aufgabe|rolle)"
                            + "|(?:jetzt|nun)\\s+bist\\s+du|imagine\\s+(?:that\\s+)?you\\s+are|stell\\s+dir\\s+vor,?\\s+du\\s+bist"
                            + "|i\\s+want\\s+you\\s+to\\s+act\\s+as|ich\\s+möchte,?\\s+dass\\s+(?:sie|du)\\s+als\\s+(?:\\S+\\s+){1,6}?(?:fungier|agier|handel)\\w*"
                            + "|now\\s+(?:new|further)\\s+(?:instructions|tasks)\\s+(?:follow|are\\s+followed)|(?:nun|jetzt)\\s+folgen\\s+(?:neue|weitere)\\s+(?:anweisungen|aufgaben)"
                            + "|(?:attention|achtung)\\s*[-:!,]+\\s*(?:stop|stopp)|\\bstop\\s*[-:!]+\\s*(?:write|ignore|say)"
                            + "|\\b(?:just|only|simply)\\s+(?:output|say|print|write)\\s*[\"'“„]|repeat\\s+after\\s+me|sag\\s+einfach\\s*[\"'“„])\\b"),
                    List.of("you are now", "from now on", "now you are", "you will now", "pretend", "act as", "developer mode", "jailbreak", "do anything now", "bound by", "restricted by", "new instructions", "new task", "new role", "your new", "du bist", "ab jetzt", "ab sofort", "tu so", "neue aufgabe", "neue anweisung", "neue rolle", "deine neue", "bist du", "imagine", "stell dir vor", "act as", "ich möchte", "follow", "folgen", "stop", "output", "say", "print", "write", "repeat after", "sag einfach"), 40, 100),
            new Rule("fake_turn", "writes a turn of its own as if it came from the system, the assistant or a tool",
                    Pattern.compile("(?:^|\\n|[.!?\"']\\s)\\s*(?:#{1,3}\\s*)?\\[?(?:system|assistant|developer|tool|function)\\]?\\s*(?:message\\s*)?:"
                            + "|<\\|(?:im_start|im_end|system|endoftext|start_header_id|eot_id)\\|>|<<sys>>|\\[/?inst\\]"),
                    List.of("system", "assistant", "developer", "tool", "function", "<|", "<<sys>>", "[inst]", "[/inst]"), 16, 40),
            new Rule("turn_markup", "closes the user's turn with markup and opens another",
                    Pattern.compile("</\\s*(?:user|human|input|prompt|context|instructions?|document)\\s*>"
                            + "|<\\s*/?\\s*(?:system|assistant|developer|tool_result|sys)\\s*>"),
                    List.of("</", "<system", "<assistant", "<developer", "<tool_result", "<sys", "< system", "< /"), 2, 40),
            new Rule("reveal_prompt", "asks for the system prompt or the instructions the model was given",
                    Pattern.compile("\\b(?:reveal|show|print|repeat|output|display|leak|tell|give|share|write|spell|dump|recite)" + GAP
                            + "(?:(?:the|your|its)\\s+)?(?:system\\s+prompt|initial\\s+(?:prompt|instructions)|original\\s+(?:prompt|instructions)"
                            + "|hidden\\s+(?:prompt|instructions)|(?:prompt|instruction)s?\\s+(?:above|you\\s+were\\s+given)"
                            + "|(?:all\\s+)?(?:your|the)\\s+(?:prompt\\s+texts?|prompts?|instructions|rules))\\b"
                            + "|\\bwhat\\s+(?:is|are|was|were)\\s+(?:your|the)\\s+(?:system\\s+prompt|initial\\s+instructions|instructions)"
                            + "|\\b(?:zeig\\w*|nenn\\w*|gib|verrat\\w*|wiederhol\\w*|ausgeben|schreib\\w*)" + GAP
                            + "(?:(?:den|die|deine\\w*|ihre\\w*)\\s+)?(?:system-?prompt\\w*|prompt-?texte?|anweisungen|instruktionen)\\b"),
                    List.of("prompt", "instruction", "rules", "anweisungen", "instruktionen"), 170, 40),
            new Rule("metadata_url", "points at a cloud metadata service or a local file",
                    Pattern.compile("169\\.254\\.169\\.254|\\[?fd00:ec2::254\\]?|metadata\\.google\\.internal|metadata\\.azure\\.com"
                            + "|100\\.100\\.100\\.200|\\b2852039166\\b|0xa9fea9fe|\\bfile:/{1,3}[\\w./~-]|/proc/self/environ|/etc/passwd\\b"),
                    List.of("169.254", "fd00:ec2", "metadata.", "100.100.100.200", "2852039166", "0xa9fea9fe", "file:/", "/proc/self", "/etc/passwd"), 2, 40));

    /** The rules that match {@code normalized}, in their order. */
    List<Hit> check(String normalized) {
        List<Hit> hits = null;
        for (Rule r : RULES) {
            String matched = find(r, normalized);
            if (matched != null) {
                if (hits == null) hits = new ArrayList<>(2);
                hits.add(new Hit(r.id, r.meaning, abbreviate(matched.strip())));
            }
        }
        return hits == null ? List.of() : hits;
    }

    private static String find(Rule r, String text) {
        Matcher m = null;
        for (String t : r.triggers) {
            int from = 0;
            for (int tries = 0; tries < MAX_TRIES; tries++) {
                int at = text.indexOf(t, from);
                if (at < 0) break;
                if (m == null) m = r.pattern.matcher(text).useAnchoringBounds(false).useTransparentBounds(true);
                m.region(Math.max(0, at - r.before), Math.min(text.length(), at + t.length() + r.after));
                if (m.find()) return m.group();
                from = at + t.length();
            }
        }
        return null;
    }

    /** The ids of every rule, for documentation and tests. */
    static List<String> ids() {
        return RULES.stream().map(Rule::id).toList();
    }

    private static String abbreviate(String s) {
        s = s.replaceAll("\\s+", " ");
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
