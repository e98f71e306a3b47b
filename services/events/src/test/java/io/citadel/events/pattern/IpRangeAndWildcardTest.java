package io.citadel.events.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeAndWildcardTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6::8",
            "::ffff:192.0.2.1", "64:ff9b::192.0.2.33", "FE80::ABCD"})
    void parseAddress_literals(String ip) {
        assertThat(IpRange.parseAddress(ip)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4 ", "a.b.c.d", "1:2:3:4:5:6:7:8:9",
            "1::2::3", "12345::", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "::1.2.3", "::g", "fe80::1%eth0", "localhost",
            "1:2:3:4:5:6:7::8"})
    void parseAddress_nonLiterals_areNull(String text) {
        assertThat(IpRange.parseAddress(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "10.1.2.3/8, 10.255.255.255, true",
            "10.1.2.3/8, 11.0.0.0, false",
            "172.16.0.0/12, 172.31.255.255, true",
            "172.16.0.0/12, 172.32.0.0, false",
            "192.168.1.0/31, 192.168.1.1, true",
            "192.168.1.0/31, 192.168.1.2, false",
            "::/0, 2001:db8::1, true",
            "::/0, 10.0.0.1, false",
            "2001:db8:abcd:12::/63, 2001:db8:abcd:13:ffff::1, true",
            "2001:db8:abcd:12::/63, 2001:db8:abcd:14::1, false",
            "::ffff:0:0/96, ::ffff:10.0.0.1, true"})
    void contains(String cidr, String ip, boolean inside) {
        assertThat(IpRange.parse(cidr).contains(ip)).isEqualTo(inside);
    }

    @Test
    void parse_badPrefixLengths_areRefused() {
        for (String bad : new String[]{"10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/x", "10.0.0.0/1000", "10.0.0.0/8/8"}) {
            assertThatThrownBy(() -> IpRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "'*', '', true",
            "'a*', 'a', true",
            "'a*', 'ba', false",
            "'*a', 'ba', true",
            "'*a', 'ab', false",
            "'a*a', 'a', false",
            "'a*a', 'aa', true",
            "'*ab*ab*', 'abab', true",
            "'*ab*ab*', 'aab', false",
            "'x*y*z', 'xyz', true",
            "'x*y*z', 'xzy', false",
            "'x*y*z', 'xyyzz', true",
            "'\\*', '*', true",
            "'\\*', 'a', false",
            "'a\\\\*', 'a\\anything', true",
            "'', '', true",
            "'', 'a', false"})
    void wildcard_matches(String pattern, String value, boolean matches) {
        assertThat(WildcardPattern.parse(pattern).matches(value)).isEqualTo(matches);
    }

    @Test
    void wildcard_countsItsStars() {
        assertThat(WildcardPattern.parse("*a*b\\*c*").stars()).isEqualTo(3);
        assertThatThrownBy(() -> WildcardPattern.parse("a\\")).hasMessage("Invalid escape character at pos 1");
        assertThatThrownBy(() -> WildcardPattern.parse("**")).hasMessage("Consecutive wildcard characters at pos 1");
    }
}
