/**
 * Pages as plug-ins. A page is one folder under {@code feature/}: a {@link dev.flotilla.console.page.Page}
 * with its {@link dev.flotilla.console.page.PageDescriptor} (id, title, shortcut, style sheet), its
 * view-models (each a {@link dev.flotilla.console.page.PageViewModel}) and its view (a
 * {@link dev.flotilla.console.page.PageView}), plus its FXML forms under {@code src/main/resources}
 * in the same package and its sheet in {@code styles/}.
 *
 * <p>To add a page: write those in a new folder, and add one line to {@code ConsolePages}. The
 * registry checks that its id and shortcut are its own; the shell gives it a nav button (with its
 * badge, if it has one), its shortcut, its sheet, the active fleet, that fleet's connection state,
 * shown/hidden and a timer if it ticks, and shows its notices while the operator is elsewhere. No
 * other page and no switch of the shell changes. Its view-models talk to the fleet through the
 * session's client, whose facets live in {@code fleet/api}: a new part of the API is a new facet there.
 */
package dev.flotilla.console.page;
