package dev.flotilla.console.fleet;

/**
 * What to change of one node's pool: its size, its autoscaling bounds, or both. {@code min == max}
 * turns autoscaling off. The node checks the values too; these checks only catch what is certainly
 * wrong before it is sent.
 */
public record PoolScale(Integer size, Integer min, Integer max) {

    public PoolScale {
        if (size == null && min == null && max == null) throw new IllegalArgumentException("nothing to change: give a size, or min and max");
        if ((min == null) != (max == null)) throw new IllegalArgumentException("give min and max together: min=" + min + ", max=" + max);
        if (size != null && size < 1) throw new IllegalArgumentException("size < 1: " + size);
        if (min != null && min < 1) throw new IllegalArgumentException("min < 1: " + min);
        if (min != null && min > max) throw new IllegalArgumentException("min > max: " + min + " > " + max);
    }

    public static PoolScale size(int size) {
        return new PoolScale(size, null, null);
    }

    public static PoolScale bounds(int min, int max) {
        return new PoolScale(null, min, max);
    }

    public boolean changesBounds() {
        return min != null;
    }
}
