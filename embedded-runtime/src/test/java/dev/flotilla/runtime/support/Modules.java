package dev.flotilla.runtime.support;

import dev.flotilla.runtime.kernel.FleetModule;
import dev.flotilla.runtime.kernel.ModuleContext;
import java.util.function.Consumer;

/** Modules a test writes in one line. */
public final class Modules {
    private Modules() {}

    public static FleetModule of(String name, Consumer<ModuleContext> registration) {
        return new FleetModule() {
            @Override public String name() { return name; }

            @Override public void register(ModuleContext ctx) { registration.accept(ctx); }
        };
    }
}
