package dev.flotilla.node;

import dev.flotilla.runtime.guard.ClassifierTrainer;
import dev.flotilla.runtime.guard.Guard;
import dev.flotilla.runtime.guard.GuardDataset;
import dev.flotilla.runtime.guard.GuardEvaluation;
import dev.flotilla.runtime.guard.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code guard check|eval|split|train}: the input guard from the command line (see docs/GUARD.md). */
@Command(name = "guard", mixinStandardHelpOptions = true,
        description = "The prompt-injection guard: check one text, measure it on labelled lines, or train its classifier.",
        subcommands = {GuardCommand.Check.class, GuardCommand.Eval.class, GuardCommand.Split.class, GuardCommand.Train.class})
final class GuardCommand {

    /** Options that pick the guard: another classifier file, another threshold. */
    static final class Choice {
        @Option(names = "--classifier", description = "A classifier file written by 'guard train' (default: the one shipped).")
        Path classifier;

        @Option(names = "--threshold", description = "Classifier probability at and above which a text is an injection (default: the tuned one).")
        Double threshold;

        Guard guard() {
            Guard g;
            try {
                g = classifier == null ? Guard.standard() : Guard.withClassifier(classifier);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the classifier " + classifier + ": " + e.getMessage());
            }
            if (threshold != null) {
                if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("--threshold not in (0, 1): " + threshold);
                g = g.withThreshold(threshold);
            }
            return g;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Prints the verdict on TEXT, its score and reasons; exit 0 either way.")
    static final class Check implements Callable<Integer> {
        @Spec CommandSpec spec;
        @picocli.CommandLine.Mixin Choice choice = new Choice();
        @Parameters(index = "0", paramLabel = "TEXT") String text;

        @Override
        public Integer call() {
            Verdict v = choice.guard().check(text);
            PrintWriter out = spec.commandLine().getOut();
            out.println((v.injection() ? "injection" : "benign") + " score=" + v.scoreText());
            for (String r : v.reasons()) out.println("  - " + r);
            out.flush();
            return 0;
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true, description = {
            "Reads FILE.jsonl lines {\"text\": ..., \"label\": \"injection\"|\"benign\"} and prints the confusion matrix,",
            "then one last line: RESULT detection=0.NN false_positive_rate=0.NN p99_us=N"})
    static final class Eval implements Callable<Integer> {
        @Spec CommandSpec spec;
        @picocli.CommandLine.Mixin Choice choice = new Choice();
        @Parameters(index = "0", paramLabel = "FILE") Path file;

        @Option(names = "--layers", defaultValue = "all", description = "all, rules or classifier: which layers decide (default ${DEFAULT-VALUE}).")
        String layers;

        @Option(names = "--lang", defaultValue = "all", description = "all, en or de: only the lines in that language (default ${DEFAULT-VALUE}).")
        String lang;

        @Option(names = "--long-chars", defaultValue = "10000", description = "Also times each text repeated to this length (0: not) (default ${DEFAULT-VALUE}).")
        int longChars;

        @Override
        public Integer call() {
            Guard guard = choice.guard().withLayers(layers(layers));
            List<GuardDataset.Example> examples = GuardDataset.read(file);
            examples = switch (lang) {
                case "all" -> examples;
                case "de" -> examples.stream().filter(e -> GuardDataset.isGerman(e.text())).toList();
                case "en" -> examples.stream().filter(e -> !GuardDataset.isGerman(e.text())).toList();
                default -> throw new IllegalArgumentException("--lang is all, en or de: " + lang);
            };
            if (examples.isEmpty()) throw new IllegalArgumentException("no lines in " + file + " for --lang " + lang);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s: %d lines (%d injection, %d benign), layers=%s, threshold=%.2f%n", file, examples.size(),
                    examples.stream().filter(GuardDataset.Example::injection).count(),
                    examples.stream().filter(e -> !e.injection()).count(), layers, guard.threshold());
            GuardEvaluation.Report report = GuardEvaluation.run(guard, examples);
            report.print(out);
            if (longChars > 0) {
                GuardEvaluation.Report longer = GuardEvaluation.run(guard, GuardEvaluation.padded(examples, longChars));
                out.printf(Locale.ROOT, "latency: typical p50_us=%d p99_us=%d; at %d chars p50_us=%d p99_us=%d%n",
                        report.percentileMicros(0.5), report.percentileMicros(0.99), longChars,
                        longer.percentileMicros(0.5), longer.percentileMicros(0.99));
            }
            out.println(report.resultLine());
            out.flush();
            return 0;
        }

        private static Guard.Layers layers(String s) {
            return switch (s) {
                case "all" -> Guard.Layers.ALL;
                case "rules" -> Guard.Layers.RULES;
                case "classifier" -> Guard.Layers.CLASSIFIER;
                default -> throw new IllegalArgumentException("--layers is all, rules or classifier: " + s);
            };
        }
    }

    @Command(name = "split", mixinStandardHelpOptions = true,
            description = "Splits FILE by label with a fixed seed into a part to tune on and a part held out.")
    static final class Split implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE") Path file;
        @Option(names = "--seed", defaultValue = "12", description = "Shuffle seed (default ${DEFAULT-VALUE}).") long seed;
        @Option(names = "--held-out", defaultValue = "0.3", description = "Fraction held out, per label (default ${DEFAULT-VALUE}).") double heldOut;
        @Option(names = "--tune-out", required = true, description = "Where the part to tune on goes.") Path tuneOut;
        @Option(names = "--held-out-out", required = true, description = "Where the held-out part goes.") Path heldOutOut;

        @Override
        public Integer call() {
            GuardDataset.Split split = GuardDataset.split(GuardDataset.read(file), seed, heldOut);
            GuardDataset.write(split.tune(), tuneOut);
            GuardDataset.write(split.heldOut(), heldOutOut);
            spec.commandLine().getOut().printf("tune: %d lines to %s; held out: %d lines to %s%n", split.tune().size(), tuneOut,
                    split.heldOut().size(), heldOutOut);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Trains the classifier on FILE... (the part to tune on, and any more lines) and writes its weights to --out.")
    static final class Train implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(arity = "1..*", paramLabel = "FILE") List<Path> files;
        @Option(names = "--out", required = true, description = "The classifier file to write.") Path out;
        @Option(names = "--seed", defaultValue = "12", description = "Seed of the folds and the passes (default ${DEFAULT-VALUE}).") long seed;
        @Option(names = "--target-fpr", defaultValue = "0.03", description = "Cross-validated false-positive rate the threshold keeps to (default ${DEFAULT-VALUE}).") double targetFpr;

        @Override
        public Integer call() throws IOException {
            ClassifierTrainer.Params d = ClassifierTrainer.Params.DEFAULT;
            var params = new ClassifierTrainer.Params(d.bits(), d.epochs(), d.learningRate(), d.l2(), seed, d.folds(), targetFpr);
            List<GuardDataset.Example> examples = new java.util.ArrayList<>();
            for (Path f : files) examples.addAll(GuardDataset.read(f));
            ClassifierTrainer.Trained trained = new ClassifierTrainer(params).train(examples);
            trained.write(out);
            spec.commandLine().getOut().printf(Locale.ROOT, "trained on %d lines, threshold %.2f (cross-validated detection %.2f), wrote %s%n",
                    trained.examples(), trained.threshold(), trained.cvDetection(), out);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
