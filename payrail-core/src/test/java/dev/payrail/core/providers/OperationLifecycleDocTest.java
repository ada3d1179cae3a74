package dev.payrail.core.providers;

import dev.payrail.core.state.DrawnTransitions;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/payment-lifecycle.md lists exactly the operation transition table: the doc cannot drift from the code. */
class OperationLifecycleDocTest {

    @Test
    void the_operation_table_in_the_doc_is_the_transition_table() throws IOException {
        assertThat(DrawnTransitions.in("payment-lifecycle.md", DrawnTransitions.TABLE_ROW, 1, 3, 2)).isNotEmpty()
                .isEqualTo(DrawnTransitions.of(OperationTransitions.all(), OperationStatus::wireName,
                        e -> e.name().toLowerCase(java.util.Locale.ROOT)));
    }
}
