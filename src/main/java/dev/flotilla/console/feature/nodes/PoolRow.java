package dev.flotilla.console.feature.nodes;

import dev.flotilla.console.fleet.FleetInfo;

/** One pool of the selected node, as its table shows it; min, max and autoscale are null on older nodes. */
public record PoolRow(String agent, int size, int busy, int idle, Integer min, Integer max, Boolean autoscale) {

    static PoolRow of(FleetInfo.Pool p) {
        return new PoolRow(p.agent(), p.size(), p.busy(), p.idle(), p.min(), p.max(), p.autoscale());
    }

    public String minText() {
        return min == null ? "—" : Integer.toString(min);
    }

    public String maxText() {
        return max == null ? "—" : Integer.toString(max);
    }

    public String autoscaleText() {
        if (autoscale == null) return "—";
        return autoscale ? "on" : "off";
    }
}
