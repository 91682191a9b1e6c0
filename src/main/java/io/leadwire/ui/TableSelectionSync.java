package io.leadwire.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.TableView;

/**
 * Keeps a paged table's selection and its ViewModel's selected keys in step for desks that act
 * on the selected rows (quarantine, dead letters). A refresh replaces the page's rows: the
 * selection stays on the same entries, and when the one just handled left the list, it moves on
 * to the row that took its place, so an operator can work through a queue key after key.
 *
 * @param <R> the row type
 * @param <K> the key a row is selected by (its id)
 */
public final class TableSelectionSync<R, K> {
    private final TableView<R> table;
    private final ObservableList<R> rows;
    private final Function<R, K> key;
    private final Supplier<List<K>> selectedKeys;
    private final Consumer<List<K>> select;
    private boolean syncing;
    private int lastSelectedIndex = -1;

    /**
     * Binds the table to {@code rows} and starts syncing.
     *
     * @param selectedKeys the ViewModel's selected keys
     * @param select       tells the ViewModel what the operator selected
     */
    public TableSelectionSync(TableView<R> table, ObservableList<R> rows, Function<R, K> key,
                              Supplier<List<K>> selectedKeys, Consumer<List<K>> select) {
        this.table = table;
        this.rows = rows;
        this.key = key;
        this.selectedKeys = selectedKeys;
        this.select = select;
        table.setItems(rows);
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<R>) c -> {
            if (!syncing) {
                push();
            }
        });
        rows.addListener((ListChangeListener<R>) c -> restore());
    }

    /** Moves the selection down (+1) or up (-1) one row, and keeps the table focused: J/K on a desk. */
    public void move(int step) {
        int size = rows.size();
        if (size == 0) {
            return;
        }
        int at = table.getSelectionModel().getSelectedIndex();
        int next = at < 0 ? 0 : Math.max(0, Math.min(size - 1, at + step));
        table.getSelectionModel().clearAndSelect(next);
        table.getFocusModel().focus(next);
        table.scrollTo(Math.max(0, next - 3));
        table.requestFocus();
    }

    private void push() {
        List<K> ids = new ArrayList<>();
        for (R r : table.getSelectionModel().getSelectedItems()) {
            if (r != null) {
                ids.add(key.apply(r));
            }
        }
        int index = table.getSelectionModel().getSelectedIndex();
        if (index >= 0) {
            lastSelectedIndex = index;
        }
        select.accept(ids);
    }

    private void restore() {
        List<K> wanted = new ArrayList<>(selectedKeys.get());
        syncing = true;
        try {
            table.getSelectionModel().clearSelection();
            for (int i = 0; i < rows.size(); i++) {
                if (wanted.contains(key.apply(rows.get(i)))) {
                    table.getSelectionModel().select(i);
                }
            }
        } finally {
            syncing = false;
        }
        if (table.getSelectionModel().getSelectedItems().isEmpty() && !rows.isEmpty()
                && lastSelectedIndex >= 0 && wanted.size() <= 1) {
            int i = Math.min(lastSelectedIndex, rows.size() - 1);
            table.getSelectionModel().clearAndSelect(i);
            table.scrollTo(Math.max(0, i - 3));
        } else if (table.getSelectionModel().getSelectedItems().size() != wanted.size()) {
            push();
        }
    }
}
