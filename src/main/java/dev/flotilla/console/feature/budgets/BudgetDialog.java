package dev.flotilla.console.feature.budgets;

import dev.flotilla.console.fleet.Money;
import dev.flotilla.console.fx.Dialogs;
import dev.flotilla.console.fx.Fxml;
import java.util.List;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/**
 * The budget form (BudgetDialog.fxml): new, or an existing budget's figures to change. It says
 * what is wrong as the operator types and sends nothing until Save. Shown without blocking.
 */
final class BudgetDialog {

    /** What the form holds when saved. */
    record Form(String name, String scope, String subject, String limit, String period, String thresholds, String action) {}

    private final Dialog<Form> dialog = new Dialog<>();
    @FXML private TextField name;
    @FXML private ComboBox<String> scope;
    @FXML private Label subjectLabel;
    @FXML private TextField subject;
    @FXML private TextField limit;
    @FXML private ComboBox<String> period;
    @FXML private TextField thresholds;
    @FXML private ComboBox<String> action;
    @FXML private Label problem;
    @FXML private ButtonType save;

    BudgetDialog(Money.Budget existing) {
        dialog.setDialogPane(Fxml.load(this, "BudgetDialog.fxml"));
        scope.setItems(FXCollections.observableArrayList(BudgetsViewModel.SCOPES));
        period.setItems(FXCollections.observableArrayList(BudgetsViewModel.PERIODS));
        action.setItems(FXCollections.observableArrayList(BudgetsViewModel.ACTIONS));
        if (existing == null) {
            scope.setValue("fleet");
            period.setValue("day");
            action.setValue("refuse");
            thresholds.setText("50, 80, 100");
        } else {
            name.setText(existing.name());
            scope.setValue(existing.scope());
            subject.setText(existing.subject() == null ? "" : existing.subject());
            limit.setText(Double.toString(existing.limitUsd()));
            period.setValue(existing.period());
            thresholds.setText(BudgetText.thresholds(existing));
            action.setValue(existing.action());
        }
        dialog.setTitle(existing == null ? "New budget" : "Edit budget");
        dialog.setHeaderText(existing == null ? "Limit what the fleet may spend" : "Change budget " + existing.name());
        dialog.getDialogPane().lookupButton(save).setId("confirm-budget");
        problem.managedProperty().bind(problem.visibleProperty());
        for (var v : List.of(scope.valueProperty(), subject.textProperty(), limit.textProperty(), thresholds.textProperty())) {
            v.addListener((o, was, now) -> refresh());
        }
        dialog.getDialogPane().lookupButton(save).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (!problem.getText().isEmpty()) e.consume();
        });
        dialog.setResultConverter(b -> b == save ? new Form(name.getText(), scope.getValue(), subject.getText(), limit.getText(),
                period.getValue(), thresholds.getText(), action.getValue()) : null);
        refresh();
    }

    void show(Node anchor, java.util.function.Consumer<Form> onSave) {
        Dialogs.attach(dialog, anchor);
        dialog.resultProperty().addListener((o, was, form) -> {
            if (form != null) onSave.accept(form);
        });
        dialog.show();
    }

    private void refresh() {
        boolean fleet = "fleet".equals(scope.getValue());
        subject.setDisable(fleet);
        subject.setVisible(!fleet);
        subjectLabel.setVisible(!fleet);
        subjectLabel.setText(fleet ? "Which" : switch (scope.getValue()) {
            case "key" -> "Key id";
            case "agent" -> "Agent";
            case "model" -> "Model";
            default -> "Tool role";
        });
        Optional<String> wrong = BudgetsViewModel.problem(scope.getValue(), subject.getText(), limit.getText() == null ? "" : limit.getText(),
                thresholds.getText());
        problem.setText(wrong.orElse(""));
        problem.setVisible(wrong.isPresent());
    }
}
