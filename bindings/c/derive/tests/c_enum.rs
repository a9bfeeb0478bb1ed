//! `#[derive(CEnum)]` on enums shaped like the C layer's, against a stand-in core: the numbers
//! decode to their values and nothing else does, the core's values (with or without data) map by
//! name, and C's own values stay C's.

/// What the generated decoders return for an undefined number (the C crate has its own).
#[derive(Debug, PartialEq, Eq)]
struct Undefined {
    constants: &'static str,
    value: u32,
}

mod core_side {
    /// A core enum whose values carry data.
    #[derive(Clone, Debug, PartialEq)]
    pub(super) enum Shade {
        Light,
        Dark { depth: u8 },
        Named(String),
    }

    /// A core enum of plain values.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(super) enum Side {
        Left,
        Right,
    }
}

/// A mirror with a value of C's own, numbered out of order.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, onshi_c_derive::CEnum)]
#[c_enum(core = core_side::Shade)]
enum OnshiShade {
    #[c_enum(extra)]
    None = 0,
    Light = 7,
    Dark = 3,
    Named = 12,
}

/// A mirror that also converts back.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, onshi_c_derive::CEnum)]
#[c_enum(core = core_side::Side, into_core)]
enum OnshiSide {
    Left = 1,
    Right = 2,
}

/// A C enum of its own, with digits in a name.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, onshi_c_derive::CEnum)]
enum OnshiAge75Band {
    Under75 = 1,
    From75 = 2,
}

#[test]
fn every_value_decodes_from_its_own_number_and_no_other_number_decodes() {
    assert_eq!(
        OnshiShade::ALL,
        [
            OnshiShade::None,
            OnshiShade::Light,
            OnshiShade::Dark,
            OnshiShade::Named
        ]
    );
    for value in OnshiShade::ALL {
        assert_eq!(OnshiShade::try_from(u32::from(*value)), Ok(*value));
    }
    for number in (0..=64).chain([u32::MAX]) {
        if ![0, 7, 3, 12].contains(&number) {
            assert_eq!(
                OnshiShade::try_from(number),
                Err(Undefined {
                    constants: "ONSHI_SHADE",
                    value: number
                })
            );
        }
    }
}

#[test]
fn the_constants_prefix_is_the_one_cbindgen_writes() {
    assert_eq!(OnshiShade::CONSTANTS, "ONSHI_SHADE");
    assert_eq!(OnshiAge75Band::CONSTANTS, "ONSHI_AGE75_BAND");
    assert_eq!(u32::from(OnshiAge75Band::From75), 2);
}

#[test]
fn core_values_map_by_name_whatever_data_they_carry() {
    use core_side::Shade;
    assert_eq!(OnshiShade::from(Shade::Light), OnshiShade::Light);
    assert_eq!(
        OnshiShade::from(&Shade::Dark { depth: 9 }),
        OnshiShade::Dark
    );
    assert_eq!(
        OnshiShade::from(Shade::Named("x".to_owned())),
        OnshiShade::Named
    );
}

#[test]
fn plain_core_values_go_both_ways() {
    use core_side::Side;
    for side in [Side::Left, Side::Right] {
        assert_eq!(Side::from(OnshiSide::from(side)), side);
    }
    assert_eq!(OnshiSide::try_from(2).map(Side::from), Ok(Side::Right));
}
