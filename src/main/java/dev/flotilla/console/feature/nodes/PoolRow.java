package dev.flotilla.console.feature.nodes;

import dev.flotilla.console.fleet.FleetInfo;

/**
 * One pool of the selected node, as its table shows it; min, max and autoscale are null on older
 * nodes. The texts never contradict the size: bounds show only while autoscaling is on, and a size
 * outside them says that a manual scale holds it there.
 */
public record PoolRow(String agent, int size, int busy, int idle, Integer min, Integer max, Boolean autoscale, Boolean held) {

    static PoolRow of(FleetInfo.Pool p) {
        return new PoolRow(p.agent(), p.size(), p.busy(), p.idle(), p.min(), p.max(), p.autoscale(), p.held());
    }

    /** A pool of a node that does not say whether a manual size holds it. */
    public PoolRow(String agent, int size, int busy, int idle, Integer min, Integer max, Boolean autoscale) {
        this(agent, size, busy, idle, min, max, autoscale, null);
    }

    /** Whether the autoscaler may change the size; null when the node does not say. */
    private Boolean autoscaling() {
        if (autoscale != null) return autoscale;
        return min != null && max != null ? min < max : null;
    }

    /** A bound means nothing while autoscaling is off (a node pins min = max, whatever size a manual scale set). */
    public String minText() {
        return bound(min);
    }

    public String maxText() {
        return bound(max);
    }

    private String bound(Integer b) {
        return b == null || !Boolean.TRUE.equals(autoscaling()) ? "—" : Integer.toString(b);
    }

    private boolean outsideBounds() {
        return Boolean.TRUE.equals(autoscaling()) && min != null && max != null && (size < min || size > max);
    }

    /**
     * True while autoscaling is on and a manual scale holds the size outside the bounds (for one
     * cool-down): as the node says, or, from a node that does not, whenever the size lies outside.
     */
    public boolean heldOutsideBounds() {
        return outsideBounds() && (held == null || held);
    }

    public String autoscaleText() {
        Boolean on = autoscaling();
        if (on == null) return "—";
        if (!on) return "off";
        if (heldOutsideBounds()) return "on · manual size holds, then back to " + min + "–" + max;
        // new bounds, not applied yet: the autoscaler moves the size within them at its next step
        return outsideBounds() ? "on · size moves to " + min + "–" + max + " at the next step" : "on";
    }
}
