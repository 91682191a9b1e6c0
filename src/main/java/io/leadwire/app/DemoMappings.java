package io.leadwire.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's buyers: the example mappings of docs/examples (a flat form buyer, a nested JSON
 * buyer and a SOAP buyer) published as version 1, and for buyer ABC a version 2 that adds the
 * e-mail address, so history and diff have something to show. A buyer that has a published
 * version already is left alone, so starting the demo again changes nothing.
 */
final class DemoMappings {
    static final String OPERATOR = "demo";
    private static final String FOLDER = "/demo/mappings/";

    /** A demo buyer's documents, oldest first, with the note of each version. */
    private record DemoBuyer(List<String> resources, List<String> notes) {
    }

    private static final List<DemoBuyer> BUYERS = List.of(
            new DemoBuyer(List.of("buyer-abc.mapping.json", "buyer-abc.v2.mapping.json"),
                    List.of("demo: from docs/examples", "demo: also send the e-mail address, state upper-cased")),
            new DemoBuyer(List.of("nested-applicant.mapping.json"), List.of("demo: from docs/examples")),
            new DemoBuyer(List.of("soap-buyer.mapping.json"), List.of("demo: from docs/examples")));

    private DemoMappings() {
    }

    /**
     * Publishes the demo buyers that have no version yet.
     *
     * @return the buyers seeded now (empty when all were there already)
     */
    static List<String> seed(MappingLibrary library) {
        List<String> seeded = new ArrayList<>();
        for (DemoBuyer buyer : BUYERS) {
            String first = resource(buyer.resources().get(0));
            String name = MappingLibrary.buyerNameOf(first, buyer.resources().get(0));
            if (library.latest(name).isPresent()) {
                continue;
            }
            for (int i = 0; i < buyer.resources().size(); i++) {
                library.publish(name, resource(buyer.resources().get(i)), OPERATOR, buyer.notes().get(i));
            }
            seeded.add(name);
        }
        return seeded;
    }

    /** The text of a demo document shipped in the jar. */
    static String resource(String fileName) {
        try (InputStream in = DemoMappings.class.getResourceAsStream(FOLDER + fileName)) {
            if (in == null) {
                throw new IllegalStateException("demo mapping " + fileName + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
