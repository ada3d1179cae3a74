package dev.payrail.core.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The transitions a document draws ({@code from --> to : event} lines of a Mermaid diagram, or {@code | `from` | `event`
 * | `to` |} table rows) and a transition table's rows, both as "from -event-> to": what the doc tests compare.
 */
public final class DrawnTransitions {
    public static final Pattern MERMAID = Pattern.compile("^\\s*(\\w+) --> (\\w+) : (\\w+)\\s*$");
    public static final Pattern TABLE_ROW = Pattern.compile("^\\| `(\\w+)` \\| `(\\w+)` \\| `(\\w+)` \\|$");

    private DrawnTransitions() {
    }

    /** The transitions drawn in docs/{@code document}: {@code from}, {@code to} and {@code event} are the groups of {@code line}. */
    public static Set<String> in(String document, Pattern line, int from, int to, int event) throws IOException {
        Set<String> drawn = new HashSet<>();
        for (String text : Files.readString(Path.of("..", "docs", document)).split("\n")) {
            Matcher m = line.matcher(text);
            if (m.matches()) {
                drawn.add(m.group(from) + " -" + m.group(event) + "-> " + m.group(to));
            }
        }
        return drawn;
    }

    /** A table's rows in the same words, each status and event named by {@code status} and {@code event}. */
    public static <S extends Enum<S>, E extends Enum<E>> Set<String> of(List<TransitionTable.Row<S, E>> rows,
                                                                       Function<S, String> status, Function<E, String> event) {
        return rows.stream().map(r -> status.apply(r.from()) + " -" + event.apply(r.event()) + "-> " + status.apply(r.to()))
                .collect(Collectors.toSet());
    }
}
