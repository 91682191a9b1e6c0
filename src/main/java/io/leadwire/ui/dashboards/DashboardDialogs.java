package io.leadwire.ui.dashboards;

import io.leadwire.ui.FxmlViews;
import io.leadwire.ui.dashboards.DashboardTables.DrillRow;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/** The table of leads or deliveries behind a chart point. */
final class DashboardDialogs {
    private DashboardDialogs() {
    }

    static Dialog<ButtonType> showDrill(Window owner, DashboardsViewModel viewModel) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle("Behind the chart point");
        dialog.setResizable(true);
        Label title = new Label();
        title.getStyleClass().add("drill-title");
        title.setId("drill-title");
        title.textProperty().bind(viewModel.drillTitleProperty());
        TableView<DrillRow> table = new TableView<>(viewModel.drillRows());
        table.setId("drill-table");
        table.setPlaceholder(new Label("Nothing was stored in this bucket."));
        table.getColumns().add(column("When", 120, DrillRow::at));
        table.getColumns().add(column("Lead", 110, DrillRow::lead));
        table.getColumns().add(column("Vendor / buyer", 130, DrillRow::who));
        table.getColumns().add(column("Status", 90, DrillRow::status));
        table.getColumns().add(column("Detail", 300, DrillRow::detail));
        table.setPrefWidth(790);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(380);
        Label count = new Label();
        count.getStyleClass().add("hint-text");
        count.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> viewModel.drillRows().size()
                + (viewModel.drillHasMoreProperty().get() ? " shown, more stored" : " in all"),
                viewModel.drillRows(), viewModel.drillHasMoreProperty()));
        Button more = new Button("Load " + DashboardsViewModel.DRILL_PAGE + " more");
        more.setId("drill-more");
        more.disableProperty().bind(viewModel.drillHasMoreProperty().not());
        more.setOnAction(e -> viewModel.loadMoreDrill());
        VBox box = new VBox(8, title, table, new HBox(10, more, count));
        box.getStyleClass().add("drill-dialog");
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().setId("drill-dialog");
        dialog.getDialogPane().getStylesheets().add(FxmlViews.resource("/css/dashboards.css"));
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        dialog.getDialogPane().setPrefWidth(840);
        dialog.getDialogPane().setMinWidth(840);
        dialog.show();
        return dialog;
    }

    private static TableColumn<DrillRow, String> column(String name, double width, Function<DrillRow, String> value) {
        TableColumn<DrillRow, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }
}
