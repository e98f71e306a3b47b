package io.citadel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapSampleTest {

    @Test
    void parse_sumsHeapPoolsAndIgnoresNonHeap() {
        String metrics = """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.097152E7
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
                jvm_memory_committed_bytes{area="heap",id="G1 Old Gen"} 6.7108864E7
                jvm_memory_max_bytes{area="heap",id="G1 Eden Space"} -1.0
                jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 2.68435456E8
                jvm_gc_live_data_size_bytes 1.5E7
                """;

        HeapSample sample = HeapSample.parse(metrics, 1_000, 42);

        assertThat(sample.usedBytes()).isEqualTo(31_457_280L);
        assertThat(sample.committedBytes()).isEqualTo(67_108_864L);
        assertThat(sample.maxBytes()).isEqualTo(268_435_456L);
        assertThat(sample.liveDataBytes()).isEqualTo(15_000_000L);
    }
}
