package dev.flotilla.console.feature.nodes;

import dev.flotilla.console.fleet.NodeState;
import dev.flotilla.console.fleet.PoolScale;
import dev.flotilla.console.fx.Confirmation;
import java.util.EnumSet;
import java.util.Set;

/**
 * What an operator can ask of a node, in which states it means something, and what the
 * confirmation says will happen. Pure, so the words are tested without a window.
 */
public enum NodeAction {
    PAUSE("Pause", "Pausing", EnumSet.of(NodeState.ACTIVE, NodeState.UNKNOWN)),
    DRAIN("Drain", "Draining", EnumSet.of(NodeState.ACTIVE, NodeState.PAUSED, NodeState.UNKNOWN)),
    RESUME("Resume", "Resuming", EnumSet.of(NodeState.PAUSED, NodeState.DRAINING, NodeState.UNKNOWN)),
    SCALE("Scale", "Scaling", EnumSet.of(NodeState.ACTIVE, NodeState.PAUSED, NodeState.UNKNOWN));

    private final String verb;
    private final String progressive;
    private final Set<NodeState> allowed;

    NodeAction(String verb, String progressive, Set<NodeState> allowed) {
        this.verb = verb;
        this.progressive = progressive;
        this.allowed = allowed;
    }

    /**
     * Whether the action means anything for a node in {@code state}: a lost node can be asked
     * nothing, an active one cannot be resumed, a draining one takes no new agents. A state this
     * console does not know leaves the judgement to the node.
     */
    public boolean allowedIn(NodeState state) {
        return allowed.contains(state);
    }

    public String verb() {
        return verb;
    }

    public String progressive() {
        return progressive;
    }

    /**
     * What the console knows of a node at the moment it asks for confirmation: {@code inFlight} is
     * null when the node does not say, {@code otherActiveNodes} counts the fleet's other active nodes.
     */
    public record NodeFacts(String nodeId, NodeState state, Integer inFlight, boolean servesConsole, int otherActiveNodes) {}

    /**
     * The confirmation for pausing, draining or resuming a node. The counts are those of the moment
     * the dialog opens and say so ("right now"); who takes the runs follows from the same count of
     * other active nodes in every sentence, so the words never contradict each other.
     */
    public Confirmation confirmation(NodeFacts n) {
        String id = n.nodeId();
        return switch (this) {
            case PAUSE -> new Confirmation("Pause node", "Pause node " + id + "?",
                    "It stops taking runs from the queue" + finishes(n.inFlight()) + ". Its gateway still accepts new runs"
                            + (n.otherActiveNodes() == 0 ? ", but " + NO_OTHER_ACTIVE + " they wait in the queue until a node is resumed."
                                    : "; " + otherActive(n.otherActiveNodes()) + (n.otherActiveNodes() == 1 ? " runs them." : " run them."))
                            + " Resume undoes this.", "Pause node");
            case DRAIN -> new Confirmation("Drain node", "Drain node " + id + "?",
                    "It takes nothing new" + finishes(n.inFlight()) + ". Its gateway refuses new runs (503 draining) and reports"
                            + " itself unready" + (n.otherActiveNodes() == 0
                                    ? ". " + capitalized(NO_OTHER_ACTIVE) + " runs wait in the queue until a node is resumed."
                                    : ", so a load balancer sends traffic to " + otherActive(n.otherActiveNodes()) + ".")
                            + (n.servesConsole() ? " This console talks to the fleet through " + id
                                    + ", so submitting runs from here fails until it is resumed." : "")
                            + " Resume undoes this.", "Drain node");
            case RESUME -> new Confirmation("Resume node", "Resume node " + id + "?",
                    "It takes runs from the queue again" + (n.state() == NodeState.DRAINING
                            ? " and its gateway accepts new runs again." : "."), "Resume node");
            case SCALE -> throw new IllegalArgumentException("scaling is confirmed with its values: use scaleConsequence");
        };
    }

    private static final String NO_OTHER_ACTIVE = "no other node is active, so";

    /** What scaling {@code pool} of a node in {@code state} with {@code scale} will do, in words. */
    public static String scaleConsequence(PoolRow pool, NodeState state, PoolScale scale) {
        StringBuilder s = new StringBuilder();
        if (scale.size() != null) {
            int from = pool.size();
            int to = scale.size();
            if (to > from) s.append("The pool grows from ").append(from).append(" to ").append(NodeFormat.agents(to)).append('.');
            else if (to < from) s.append("The pool shrinks from ").append(from).append(" to ").append(NodeFormat.agents(to))
                    .append("; busy agents finish their run, then retire.");
            else s.append("The pool stays at ").append(NodeFormat.agents(to)).append('.');
        }
        if (scale.changesBounds()) {
            if (!s.isEmpty()) s.append(' ');
            if (scale.min().equals(scale.max())) {
                s.append("Autoscaling is off: min = max = ").append(scale.min()).append('.');
            } else {
                s.append("Autoscaling keeps it between ").append(scale.min()).append(" and ").append(NodeFormat.agents(scale.max()));
                s.append(Boolean.TRUE.equals(pool.autoscale()) ? "." : " (autoscaling turns on).");
            }
        }
        if (state == NodeState.PAUSED) s.append(" The node is paused: its agents take runs once it is resumed.");
        return s.toString();
    }

    /** How the runs in flight end, as a clause after "It stops taking runs from the queue" or "It takes nothing new". */
    private static String finishes(Integer inFlight) {
        if (inFlight == null) return " and finishes the runs it has in flight";
        if (inFlight == 0) return "; right now it has no runs in flight";
        return " and finishes the " + NodeFormat.runs(inFlight) + " it has in flight right now";
    }

    /** "the other active node", "the 3 other active nodes". */
    private static String otherActive(int n) {
        return n == 1 ? "the other active node" : "the " + n + " other active nodes";
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
