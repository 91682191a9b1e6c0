package io.leadwire.app;

import io.leadwire.intake.PayloadParser;
import io.leadwire.mapping.FieldIssue;
import io.leadwire.mapping.Mapping;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.mapping.MappingParseException;
import io.leadwire.mapping.MappingParser;
import io.leadwire.mapping.RenderedPayload;
import io.leadwire.mapping.spec.BuyerSpec;
import io.leadwire.mapping.spec.BuyerSpecParser;
import io.leadwire.mapping.spec.PayloadValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leadwire mapping ...}: work with buyer mapping documents without an engine. */
@Command(name = "mapping", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Work with buyer mappings.", subcommands = {MappingCommand.Preview.class,
                MappingStoreCommands.Import.class, MappingStoreCommands.Export.class,
                MappingStoreCommands.Publish.class, MappingStoreCommands.History.class,
                MappingStoreCommands.Diff.class, MappingStoreCommands.Rollback.class,
                MappingStoreCommands.ListBuyers.class})
final class MappingCommand extends CommandGroup {

    /**
     * Renders one lead for one buyer and prints the exact body, or the field errors. The lead
     * file is read exactly as the intake reads a vendor's body, so what is previewed is what a
     * stored lead holds.
     */
    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = "Print the exact body a buyer would receive for a lead (exit 0), or the field errors "
                    + "on stderr (exit 1).")
    static final class Preview implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--buyer", required = true, paramLabel = "FILE",
                description = "The buyer's mapping document (JSON), e.g. docs/examples/buyer-abc.mapping.json.")
        Path buyer;

        @Option(names = "--lead", required = true, paramLabel = "FILE",
                description = "A lead as a vendor sends it: .json, .xml, or form-encoded (any other name).")
        Path lead;

        @Option(names = "--spec", paramLabel = "FILE",
                description = "Also check the payload against this buyer spec (Leadwire spec JSON or JSON Schema).")
        Path buyerSpec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            List<String> problems = new ArrayList<>();
            Mapping mapping = null;
            try {
                mapping = new MappingParser().parse(Files.readString(buyer, StandardCharsets.UTF_8));
            } catch (MappingParseException e) {
                e.problems().forEach(p -> problems.add(buyer.getFileName() + ": " + p));
            } catch (IOException e) {
                problems.add("cannot read " + buyer + ": " + e.getMessage());
            }
            PayloadParser.Parsed parsed = null;
            try {
                parsed = new PayloadParser().parse(contentType(lead), Files.readAllBytes(lead));
            } catch (IOException e) {
                problems.add("cannot read " + lead + ": " + e.getMessage());
            } catch (Exception e) {
                // The intake's own refusal (e.g. missing_field: Field 'lead_id' is required ...).
                problems.add(lead.getFileName() + ": " + e.getMessage());
            }
            if (!problems.isEmpty()) {
                problems.forEach(err::println);
                err.flush();
                return ExitCodes.FAILURE;
            }
            RenderedPayload payload = new MappingEngine(Clock.systemUTC()).render(parsed.fields(), mapping);
            List<FieldIssue> errors = new ArrayList<>(payload.errors());
            if (buyerSpec != null) {
                try {
                    String doc = Files.readString(buyerSpec, StandardCharsets.UTF_8);
                    BuyerSpecParser specs = new BuyerSpecParser();
                    BuyerSpec bs = doc.contains("\"properties\"") ? specs.importJsonSchema(doc) : specs.parse(doc);
                    errors.addAll(new PayloadValidator().validate(payload.fieldValues(), bs));
                } catch (IOException | IllegalArgumentException e) {
                    err.println("cannot use spec " + buyerSpec + ": " + e.getMessage());
                    err.flush();
                    return ExitCodes.FAILURE;
                }
            }
            payload.warnings().forEach(w -> err.println("warning: " + w));
            if (!errors.isEmpty()) {
                errors.forEach(e -> err.println("error: " + e));
                err.flush();
                return ExitCodes.FAILURE;
            }
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            out.print(payload.body());
            out.flush();
            return ExitCodes.OK;
        }

        private static String contentType(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".json")) {
                return "application/json";
            }
            if (name.endsWith(".xml")) {
                return "application/xml";
            }
            return "application/x-www-form-urlencoded";
        }
    }
}
