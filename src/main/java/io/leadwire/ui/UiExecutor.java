package io.leadwire.ui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way ViewModels run work off the FX thread. Callbacks come back on the thread that
 * owns the ViewModel's properties (the FX thread in the console, the caller's thread in tests).
 */
public interface UiExecutor {
    <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);
}
