package io.leadwire.ui;

import io.leadwire.store.StoreException;
import io.leadwire.store.VendorRepository;

/** Turns a failure into a sentence an operator can act on; never a stack trace. */
public final class UserMessages {
    private UserMessages() {
    }

    public static String describe(String action, Throwable error) {
        Throwable e = error;
        while (e.getCause() != null && !(e instanceof IllegalArgumentException) && !(e instanceof StoreException)) {
            e = e.getCause();
        }
        if (e instanceof IllegalArgumentException) {
            return capitalize(e.getMessage()) + ".";
        }
        if (e instanceof VendorRepository.DuplicateNameException) {
            return capitalize(e.getMessage()) + ". Choose another name.";
        }
        if (e instanceof StoreException) {
            return "Could not " + action + ": " + e.getMessage()
                    + ". The database did not answer; try again, and if it keeps failing check the log.";
        }
        return "Could not " + action + " (" + e.getClass().getSimpleName()
                + "). Try again; if it keeps failing, check the log.";
    }

    private static String capitalize(String s) {
        if (s == null || s.isEmpty()) {
            return "The input was not accepted";
        }
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
