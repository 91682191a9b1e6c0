package io.leadwire.app;

import io.leadwire.lead.PiiMask;
import io.leadwire.store.BuyerRepository;
import io.leadwire.store.BuyerRow;
import io.leadwire.store.CallbackRepository;
import io.leadwire.store.CallbackRepository.CallbackRow;
import io.leadwire.store.Database;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leadwire callback ...}: what buyers' callbacks did, above all the ones kept as flagged
 * (an unknown type, a lead the buyer never got, a return out of its window) that only a person
 * can settle. A {@link StoreCommand}: it works whether or not an engine runs.
 */
@Command(name = "callback", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Look at buyers' callbacks (status, returns, conversions, feedback) as the engine stored and "
                + "applied them.",
        subcommands = {CallbackCommand.ListEvents.class})
final class CallbackCommand extends CommandGroup {
    /** The most events {@code list} prints at once. */
    static final int MAX_LIMIT = 1000;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the latest callback events, newest first: when, buyer, event id, type, lead, state "
                    + "and what applying it did or why it was flagged. Never the body, which may hold a person's "
                    + "data.")
    static final class ListEvents extends StoreCommand {
        @Option(names = "--flagged", description = "Only the events kept for an operator: flagged (not applied) "
                + "and failed (applying them broke).")
        boolean flagged;

        @Option(names = "--buyer", paramLabel = "NAME|ID", description = "Only this buyer's events.")
        String buyer;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                description = "At most this many events, 1 to " + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        Integer check() {
            if (limit < 1 || limit > MAX_LIMIT) {
                err("leadwire: --limit must be from 1 to " + MAX_LIMIT + ", not " + limit);
                return ExitCodes.USAGE;
            }
            return null;
        }

        @Override
        int work(Database db) {
            BuyerRepository buyers = new BuyerRepository(db.dataSource());
            Map<String, String> names = buyers.all().stream()
                    .collect(Collectors.toMap(BuyerRow::id, BuyerRow::name, (a, b) -> a));
            String buyerId = null;
            if (buyer != null) {
                buyerId = buyers.findByName(buyer).or(() -> buyers.findById(buyer)).map(BuyerRow::id)
                        .orElseThrow(() -> new IllegalArgumentException("no buyer '" + buyer
                                + "' (by name or id): leadwire buyer list"));
            }
            List<CallbackRow> rows = new CallbackRepository(db.dataSource())
                    .recent(flagged ? List.of(CallbackRepository.FLAGGED, CallbackRepository.FAILED) : List.of(),
                            buyerId, limit);
            if (rows.isEmpty()) {
                print("No " + (flagged ? "flagged " : "") + "callback events"
                        + (buyer == null ? "" : " from " + names.getOrDefault(buyerId, buyer)) + ".");
                return ExitCodes.OK;
            }
            Function<CallbackRow, String> nameOf = r -> names.getOrDefault(r.buyerId(), r.buyerId());
            int buyerWidth = Math.min(24, Math.max(5, rows.stream().mapToInt(r -> nameOf.apply(r).length()).max()
                    .orElse(5)));
            // Event ids are printed whole (an operator quotes them to the buyer); a very long one only
            // breaks the alignment of its own line.
            int idWidth = Math.min(60, Math.max(8, rows.stream().mapToInt(r -> r.eventId().length()).max()
                    .orElse(8)));
            String format = "%-20s %-" + buyerWidth + "s %-" + idWidth + "s %-20s %-36s %-8s %s";
            print(String.format(format, "RECEIVED", "BUYER", "EVENT ID", "TYPE", "LEAD", "STATE",
                    flagged ? "WHY" : "WHAT IT DID / WHY"));
            for (CallbackRow r : rows) {
                print(String.format(format, r.receivedAt().truncatedTo(ChronoUnit.SECONDS),
                        clip(nameOf.apply(r), buyerWidth), r.eventId(),
                        r.type() == null ? "-" : clip(r.type(), 20), r.leadId() == null ? "-" : r.leadId(), r.state(),
                        r.note() == null ? (CallbackRepository.PENDING.equals(r.state()) ? "not applied yet" : "")
                                : PiiMask.mask(oneLine(r.note()))));
            }
            return ExitCodes.OK;
        }

        private static String clip(String s, int max) {
            return s.length() <= max ? s : s.substring(0, max - 1) + "…";
        }

        private static String oneLine(String s) {
            return s.strip().replaceAll("\\s+", " ");
        }
    }
}
