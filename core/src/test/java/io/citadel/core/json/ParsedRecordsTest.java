package io.citadel.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParsedRecordsTest {

    record Item(String name, List<String> labels) {
        Item {
            labels = List.copyOf(labels);
        }
    }

    @Test
    void sameBytes_parseOnce_differentBytes_parseAgain() {
        ParsedRecords<Item> records = new ParsedRecords<>(Item.class, 16);
        byte[] a = StoredJson.write(new Item("a", List.of("x")));
        Item first = records.read(a);
        assertThat(records.read(a.clone())).isSameAs(first);
        Item changed = records.read(StoredJson.write(new Item("a", List.of("y"))));
        assertThat(changed.labels()).containsExactly("y");
        assertThat(records.read(a)).isEqualTo(new Item("a", List.of("x")));
    }

    @Test
    void aCallerChangingItsBytesAfterwards_doesNotChangeTheCache() {
        ParsedRecords<Item> records = new ParsedRecords<>(Item.class, 1);
        byte[] a = StoredJson.write(new Item("a", List.of()));
        Item first = records.read(a);
        byte[] original = a.clone();
        a[2] = 'X';
        assertThat(records.read(original)).isSameAs(first);
    }

    @Test
    void manyDistinctRecords_stayCorrectWithFewSlots() {
        ParsedRecords<Item> records = new ParsedRecords<>(Item.class, 4);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100; i++) {
                assertThat(records.read(StoredJson.write(new Item("n" + i, List.of()))).name()).isEqualTo("n" + i);
            }
        }
        assertThatThrownBy(() -> new ParsedRecords<>(Item.class, 0)).hasMessageContaining("slots: 0");
    }
}
