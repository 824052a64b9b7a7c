package dev.flotilla.console.feature.budgets;

import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.geometry.Pos;

/** A bar of spent over limit, with the reserved part (calls in flight) drawn after the spent one. */
final class BudgetGauge extends StackPane {

    private final Region spent = new Region();
    private final Region reserved = new Region();
    private double spentShare;
    private double reservedShare;

    BudgetGauge() {
        getStyleClass().add("budget-gauge");
        spent.getStyleClass().add("gauge-spent");
        reserved.getStyleClass().add("gauge-reserved");
        setAlignment(Pos.CENTER_LEFT);
        setMinHeight(14);
        setPrefHeight(14);
        getChildren().addAll(reserved, spent);
        widthProperty().addListener((o, was, now) -> layoutShares());
    }

    /** Shares of the limit, each cut to [0, 1]; {@code over} marks a budget at or past its limit. */
    void show(double spentOfLimit, double reservedOfLimit, boolean over) {
        spentShare = clamp(spentOfLimit);
        reservedShare = clamp(spentOfLimit + reservedOfLimit);
        pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("over"), over);
        layoutShares();
    }

    private void layoutShares() {
        double w = getWidth();
        spent.setMaxWidth(w * spentShare);
        spent.setPrefWidth(w * spentShare);
        reserved.setMaxWidth(w * reservedShare);
        reserved.setPrefWidth(w * reservedShare);
    }

    private static double clamp(double v) {
        return Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
    }
}
