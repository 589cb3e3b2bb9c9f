package org.efp.dr.common.events;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PoisonRecordTest {

    @Test
    void jsonNullValueIsRefusedAsNotACloudEventWithAHumanReason() {
        assertThatThrownBy(() -> EventCodec.decode("null"))
                .isInstanceOf(PoisonEventException.class)
                .hasMessage("NOT_A_CLOUDEVENT: record value is JSON null, not a CloudEvent object");
    }

    @Test
    void jsonArrayValueIsRefusedAsNotACloudEvent() {
        assertThatThrownBy(() -> EventCodec.decode("[1, 2]"))
                .isInstanceOf(PoisonEventException.class)
                .hasMessage("NOT_A_CLOUDEVENT: record value is a JSON array, not a CloudEvent object");
    }
}
