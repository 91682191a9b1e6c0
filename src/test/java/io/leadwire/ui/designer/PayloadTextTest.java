package io.leadwire.ui.designer;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.ui.designer.PayloadText.Kind;
import io.leadwire.ui.designer.PayloadText.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadTextTest {

    @Test
    void shouldIndentJsonAndColourKeysStringsAndNumbersWhenPretty() {
        List<Token> tokens = PayloadText.tokens("json", "{\"a\":{\"b\":\"x, y\",\"n\":42,\"t\":true,\"e\":[]}}", true);

        assertThat(PayloadText.text(tokens)).isEqualTo(
                "{\n  \"a\": {\n    \"b\": \"x, y\",\n    \"n\": 42,\n    \"t\": true,\n    \"e\": []\n  }\n}");
        assertThat(tokens).contains(new Token("\"b\"", Kind.KEY), new Token("\"x, y\"", Kind.STRING),
                new Token("42", Kind.NUMBER), new Token("true", Kind.LITERAL));
    }

    @Test
    void shouldKeepExactBytesWhenNotPretty() {
        String body = "{\"a\": \"\\\"q\\\"\" , \"b\":1}";

        assertThat(PayloadText.text(PayloadText.tokens("json", body, false))).isEqualTo(body);
    }

    @Test
    void shouldIndentNestedElementsButKeepTextInlineWhenXmlIsPretty() {
        String body = "<?xml version=\"1.0\"?><a x=\"1\"><b>text &amp; more</b><c/></a>";

        List<Token> tokens = PayloadText.tokens("soap11", body, true);

        assertThat(PayloadText.text(tokens)).isEqualTo(
                "<?xml version=\"1.0\"?>\n<a x=\"1\">\n  <b>text &amp; more</b>\n  <c/>\n</a>");
        assertThat(tokens).contains(new Token("a", Kind.TAG), new Token("x", Kind.ATTR_NAME),
                new Token("\"1\"", Kind.ATTR_VALUE), new Token("text &amp; more", Kind.TEXT));
    }

    @Test
    void shouldPutOneFieldOnEachLineWhenFormIsPretty() {
        assertThat(PayloadText.lines("form", "A=1&B=x%20y&C="))
                .containsExactly("A=1&", "B=x%20y&", "C=");
    }
}
