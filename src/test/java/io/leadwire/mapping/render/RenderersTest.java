package io.leadwire.mapping.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.mapping.transform.ValueKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderersTest {

    private static final String DECL = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private static List<TargetPath> paths(String... texts) {
        List<TargetPath> out = new ArrayList<>();
        for (String text : texts) {
            out.add(TargetPath.parse(text));
        }
        return out;
    }

    private static List<ValueKind> strings(int n) {
        return Collections.nCopies(n, ValueKind.STRING);
    }

    @Test
    void shouldNestObjectsAndArraysWhenRenderingJson() {
        JsonRenderer renderer = new JsonRenderer(paths("a.b", "a.list[1].x", "a.list[0].x", "c", "tags[0]", "tags[1]"),
                strings(6));
        assertThat(renderer.render(new String[] {"1", "second", "first", "Zoë \"Z\"", "t0", "t1"}))
                .isEqualTo("{\"a\":{\"b\":\"1\",\"list\":[{\"x\":\"first\"},{\"x\":\"second\"}]},\"c\":\"Zoë \\\"Z\\\"\","
                        + "\"tags\":[\"t0\",\"t1\"]}");
        assertThat(renderer.contentType()).isEqualTo("application/json; charset=utf-8");
    }

    @Test
    void shouldOmitEmptyBranchesAndNullGapsWhenRenderingJson() {
        JsonRenderer renderer = new JsonRenderer(paths("a.b", "c.d", "list[0]", "list[2]", "list[3]"), strings(5));
        assertThat(renderer.render(new String[] {null, "x", null, "two", null})).isEqualTo("{\"c\":{\"d\":\"x\"},\"list\":[null,null,\"two\"]}");
        assertThat(renderer.render(new String[5])).isEqualTo("{}");
    }

    @Test
    void shouldWriteTypedValuesWhenKindsAreDeclared() {
        JsonRenderer renderer = new JsonRenderer(paths("age", "ltv", "owner", "zip"),
                List.of(ValueKind.INTEGER, ValueKind.NUMBER, ValueKind.BOOLEAN, ValueKind.STRING));
        assertThat(renderer.render(new String[] {"42", "80.50", "Yes", "01234"}))
                .isEqualTo("{\"age\":42,\"ltv\":80.50,\"owner\":true,\"zip\":\"01234\"}");
    }

    @Test
    void shouldRejectCollidingTargetsWhenLayingOut() {
        assertThatThrownBy(() -> new JsonRenderer(paths("a", "a.b"), strings(2)))
                .hasMessage("target 'a.b' collides with target 'a'");
        assertThatThrownBy(() -> new JsonRenderer(paths("a.b", "a"), strings(2)))
                .hasMessage("target 'a' collides with target 'a.b'");
        assertThatThrownBy(() -> new JsonRenderer(paths("a[0]", "a.b"), strings(2)))
                .hasMessage("target 'a.b' collides with target 'a[0]'");
        assertThatThrownBy(() -> new JsonRenderer(paths("@id"), strings(1)))
                .hasMessageContaining("XML attribute");
    }

    @Test
    void shouldWriteElementsAttributesAndRepeatsWhenRenderingXml() {
        XmlRenderer renderer = new XmlRenderer(paths("@version", "applicant.@id", "applicant.name", "phone[0]",
                "phone[1]", "amount", "amount.@currency"), "lead", null, Map.of(), XmlRenderer.Envelope.NONE, null);
        assertThat(renderer.render(new String[] {"2", "7", "Ann & <Bob>", "111", "222", "10", "USD"}))
                .isEqualTo(DECL + "<lead version=\"2\"><applicant id=\"7\"><name>Ann &amp; &lt;Bob></name></applicant>"
                        + "<phone>111</phone><phone>222</phone><amount currency=\"USD\">10</amount></lead>");
        assertThat(renderer.contentType()).isEqualTo("application/xml; charset=utf-8");
    }

    @Test
    void shouldKeepNonAsciiAndDeclareNamespacesWhenRenderingXml() {
        Map<String, String> namespaces = new LinkedHashMap<>();
        namespaces.put("b", "urn:b");
        namespaces.put("t", "urn:t");
        XmlRenderer renderer = new XmlRenderer(paths("Name", "t:Code"), "b:Lead", "urn:default", namespaces,
                XmlRenderer.Envelope.NONE, null);
        assertThat(renderer.render(new String[] {"María-José", "X1"})).isEqualTo(DECL
                + "<b:Lead xmlns=\"urn:default\" xmlns:b=\"urn:b\" xmlns:t=\"urn:t\">"
                + "<Name>María-José</Name><t:Code>X1</t:Code></b:Lead>");
    }

    @Test
    void shouldRejectUndeclaredPrefixWhenBuildingXml() {
        assertThatThrownBy(() -> new XmlRenderer(paths("x:Name"), null, null, Map.of(), XmlRenderer.Envelope.NONE, null))
                .hasMessage("prefix 'x' of 'x:Name' is not declared in namespaces");
    }

    @Test
    void shouldUseSoap11NamespaceAndSoapActionWhenEnveloping() {
        XmlRenderer renderer = new XmlRenderer(paths("Name"), "Submit", "urn:buyer", Map.of(),
                XmlRenderer.Envelope.SOAP11, "urn:buyer/Submit");
        assertThat(renderer.render(new String[] {"Ann"})).isEqualTo(DECL
                + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<Submit xmlns=\"urn:buyer\"><Name>Ann</Name></Submit></soap:Body></soap:Envelope>");
        assertThat(renderer.contentType()).isEqualTo("text/xml; charset=utf-8");
        assertThat(renderer.headers()).containsExactly(Map.entry("SOAPAction", "\"urn:buyer/Submit\""));
    }

    @Test
    void shouldUseSoap12NamespaceAndContentTypeWhenEnveloping() {
        XmlRenderer renderer = new XmlRenderer(paths("Name"), "Submit", "urn:buyer", Map.of(),
                XmlRenderer.Envelope.SOAP12, null);
        assertThat(renderer.render(new String[] {"Ann"})).isEqualTo(DECL
                + "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Body>"
                + "<Submit xmlns=\"urn:buyer\"><Name>Ann</Name></Submit></soap:Body></soap:Envelope>");
        assertThat(renderer.contentType()).isEqualTo("application/soap+xml; charset=utf-8");
        assertThat(renderer.headers()).isEmpty();
        assertThat(new XmlRenderer(paths("Name"), "Submit", null, Map.of(), XmlRenderer.Envelope.SOAP12, "urn:a")
                .contentType()).isEqualTo("application/soap+xml; charset=utf-8; action=\"urn:a\"");
    }

    @Test
    void shouldEncodeUtf8InMappingOrderWhenRenderingForm() {
        FormRenderer renderer = new FormRenderer(paths("LName", "FName", "Note", "Skip", "a[0].b"), false);
        assertThat(renderer.render(new String[] {"O'Neil", "María", "a b+c&d=e", null, "x"}))
                .isEqualTo("LName=O%27Neil&FName=Mar%C3%ADa&Note=a+b%2Bc%26d%3De&a%5B0%5D.b=x");
        assertThat(renderer.contentType()).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
    }

    @Test
    void shouldEncodeSpacesAsPercent20WhenRenderingQuery() {
        FormRenderer renderer = new FormRenderer(paths("q", "city"), true);
        assertThat(renderer.render(new String[] {"a b+c", "San José"})).isEqualTo("q=a%20b%2Bc&city=San%20Jos%C3%A9");
    }

    @Test
    void shouldQuoteAsRfc4180WhenRenderingCsv() {
        CsvRenderer renderer = new CsvRenderer(paths("Name", "City", "Note", "Empty", "Lines"), true);
        assertThat(renderer.render(new String[] {"O'Neil", "Austin, TX", "say \"hi\"", null, "a\nb"}))
                .isEqualTo("Name,City,Note,Empty,Lines\r\nO'Neil,\"Austin, TX\",\"say \"\"hi\"\"\",,\"a\nb\"\r\n");
        assertThat(new CsvRenderer(paths("a", "b"), false).render(new String[] {"Zoë", "1"})).isEqualTo("Zoë,1\r\n");
        assertThat(renderer.contentType()).isEqualTo("text/csv; charset=utf-8");
    }

    @Test
    void shouldParseSegmentsWhenPathIsNestedIndexedOrAttribute() {
        assertThat(TargetPath.parse("lead.contact.phones[0].number").segments()).containsExactly(
                new TargetPath.Segment("lead", -1, false), new TargetPath.Segment("contact", -1, false),
                new TargetPath.Segment("phones", 0, false), new TargetPath.Segment("number", -1, false));
        assertThat(TargetPath.parse("applicant.@id").attribute()).isTrue();
        assertThat(TargetPath.parse("FName").simple()).isTrue();
    }

    @Test
    void shouldRejectWhenPathIsMalformed() {
        assertThatThrownBy(() -> TargetPath.parse("a..b")).hasMessage("segment 2 of 'a..b' is not a valid name");
        assertThatThrownBy(() -> TargetPath.parse("a[x].b")).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> TargetPath.parse("@id.b")).hasMessageContaining("must be the last segment");
        assertThatThrownBy(() -> TargetPath.parse(" ")).hasMessage("target path is empty");
    }
}
