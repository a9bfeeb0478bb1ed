//! The code tables of the file interface (業務コード, 別紙5-1 "OQSCDxxx"), as enums with their
//! Japanese labels. Unknown codes are kept as they were read, never dropped
//! (reference/oqs-interface.md §3; where peers disagree the table notes which reading is used).

use serde::{Serialize, Serializer};

macro_rules! code_table {
    ($(#[$doc:meta])* $name:ident, $id:literal { $($(#[$vdoc:meta])* $variant:ident = $code:literal => $label:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A code not in this table, kept as read.
            Unknown(String),
        }

        impl $name {
            /// The table's id in 別紙5-1.
            pub const TABLE: &'static str = $id;

            /// Reads a code; unknown codes are kept.
            ///
            /// # Example
            /// ```
            #[doc = concat!("let unknown = onshi_oqs::", stringify!($name), "::from_code(\" ZZ \");")]
            /// assert_eq!(unknown.code(), "ZZ"); // blanks trimmed, the code kept
            /// ```
            pub fn from_code(code: &str) -> Self {
                // Pretty-printed files pad codes with blanks and line breaks.
                match code.trim() {
                    $($code => $name::$variant,)*
                    other => $name::Unknown(other.to_owned()),
                }
            }

            /// The code as written in files.
            ///
            /// # Example
            /// ```
            #[doc = concat!("use onshi_oqs::", stringify!($name), " as T;")]
            /// let unknown = T::from_code("ZZ");
            /// assert_eq!(T::from_code(unknown.code()), unknown);
            /// ```
            pub fn code(&self) -> &str {
                match self {
                    $($name::$variant => $code,)*
                    $name::Unknown(code) => code,
                }
            }

            /// The Japanese label, or `None` for an unknown code.
            ///
            /// # Example
            /// ```
            #[doc = concat!("assert_eq!(onshi_oqs::", stringify!($name), "::from_code(\"ZZ\").label(), None);")]
            /// ```
            pub fn label(&self) -> Option<&'static str> {
                match self {
                    $($name::$variant => Some($label),)*
                    $name::Unknown(_) => None,
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct;
                let mut st = s.serialize_struct(stringify!($name), 2)?;
                st.serialize_field("code", self.code())?;
                st.serialize_field("label", &self.label())?;
                st.end()
            }
        }
    };
}

code_table! {
    /// 照会区分 (OQSCD002): what the query used.
    ///
    /// # Example
    /// ```
    /// use onshi_oqs::ReferenceClassification as R;
    /// assert_eq!(R::from_code("1"), R::Card);
    /// assert_eq!(R::from_code("7").label(), None);
    /// ```
    ReferenceClassification, "OQSCD002" {
        /// マイナンバーカード.
        Card = "1" => "マイナンバーカード",
        /// 被保険者証情報 (the insured number typed from a document).
        InsuredNumber = "2" => "被保険者証情報",
    }
}

code_table! {
    /// 処理結果区分 (OQSCD003). Peers agree on 1/2/9.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::SegmentOfResult::from_code("9").label(), Some("異常終了"));
    /// ```
    SegmentOfResult, "OQSCD003" {
        /// 正常終了.
        Normal = "1" => "正常終了",
        /// 処理中.
        Processing = "2" => "処理中",
        /// 異常終了.
        Abnormal = "9" => "異常終了",
    }
}

code_table! {
    /// 処理結果状況 (OQSCD004).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::ProcessingResultStatus::from_code("2"), onshi_oqs::ProcessingResultStatus::Error);
    /// ```
    ProcessingResultStatus, "OQSCD004" {
        /// 正常終了.
        Normal = "1" => "正常終了",
        /// エラー.
        Error = "2" => "エラー",
    }
}

code_table! {
    /// 資格有効性 (OQSCD006).
    ///
    /// # Example
    /// ```
    /// use onshi_oqs::QualificationValidity as Q;
    /// assert_eq!(Q::from_code("3").label(), Some("無効（新しい資格あり）"));
    /// ```
    QualificationValidity, "OQSCD006" {
        /// 有効.
        Valid = "1" => "有効",
        /// 無効.
        Invalid = "2" => "無効",
        /// 無効（新しい資格あり）.
        InvalidNewerExists = "3" => "無効（新しい資格あり）",
        /// 該当資格なし.
        NotFound = "4" => "該当資格なし",
        /// 複数該当 (医療保険 only).
        Multiple = "5" => "複数該当",
        /// 有効（未登録）(医療扶助 only).
        ValidUnregistered = "6" => "有効（未登録）",
    }
}

code_table! {
    /// 性別 (OQSCD007).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::Sex::from_code("3").label(), Some("未設定"));
    /// ```
    Sex, "OQSCD007" {
        /// 男.
        Male = "1" => "男",
        /// 女.
        Female = "2" => "女",
        /// 未設定.
        NotSet = "3" => "未設定",
    }
}

code_table! {
    /// 資格喪失事由 (OQSCD008). 99 is その他 (one peer's 04 is not used).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::ReasonOfLoss::from_code("99").label(), Some("その他"));
    /// ```
    ReasonOfLoss, "OQSCD008" {
        /// 死亡.
        Death = "01" => "死亡",
        /// 生活保護受給開始.
        PublicAssistance = "02" => "生活保護受給開始",
        /// 医療保険等の資格取得.
        NewInsurance = "03" => "医療保険等の資格取得",
        /// その他.
        Other = "99" => "その他",
    }
}

code_table! {
    /// 本人・家族の別 (OQSCD009).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::PersonalFamily::from_code("2").label(), Some("家族"));
    /// ```
    PersonalFamily, "OQSCD009" {
        /// 本人.
        Insured = "1" => "本人",
        /// 家族.
        Family = "2" => "家族",
    }
}

code_table! {
    /// 被保険者証区分 (OQSCD010). Code 05 changed meaning between versions; the newer label is used.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::InsuredCardClassification::from_code("A1").label(), Some("医療扶助"));
    /// ```
    InsuredCardClassification, "OQSCD010" {
        /// 被保険者証（一般）.
        General = "01" => "被保険者証（一般）",
        /// 被保険者証（退職）.
        Retired = "02" => "被保険者証（退職）",
        /// 短期被保険者証（一般）.
        ShortTermGeneral = "03" => "短期被保険者証（一般）",
        /// 短期被保険者証（退職）.
        ShortTermRetired = "04" => "短期被保険者証（退職）",
        /// 特別療養費支給対象者 (older versions: 被保険者資格証明書).
        SpecialMedicalExpense = "05" => "特別療養費支給対象者",
        /// 特例退職被保険者証.
        SpecialRetired = "06" => "特例退職被保険者証",
        /// 自衛官診療証.
        SelfDefenseForces = "07" => "自衛官診療証",
        /// 医療扶助.
        MedicalAssistance = "A1" => "医療扶助",
    }
}

code_table! {
    /// 限度額適用認定証区分 (OQSCD011).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::LimitCertificateClassification::from_code("01").label(), Some("限度額適用認定証"));
    /// ```
    LimitCertificateClassification, "OQSCD011" {
        /// 限度額適用認定証.
        Limit = "01" => "限度額適用認定証",
        /// 限度額適用・標準負担額減額認定証.
        LimitAndReduction = "02" => "限度額適用・標準負担額減額認定証",
        /// 標準負担額減額認定証.
        Reduction = "03" => "標準負担額減額認定証",
    }
}

code_table! {
    /// 限度額適用区分 (OQSCD012): the 高額療養費 category.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::LimitCategory::from_code("A04").label(), Some("エ"));
    /// ```
    LimitCategory, "OQSCD012" {
        /// ア.
        A = "A01" => "ア",
        /// イ.
        I = "A02" => "イ",
        /// ウ.
        U = "A03" => "ウ",
        /// エ.
        E = "A04" => "エ",
        /// オ.
        O = "A05" => "オ",
        /// オ（境）.
        OBorder = "A06" => "オ（境）",
        /// 現役並みⅢ.
        ActiveIII = "B01" => "現役並みⅢ",
        /// 現役並みⅡ.
        ActiveII = "B02" => "現役並みⅡ",
        /// 現役並みⅠ.
        ActiveI = "B03" => "現役並みⅠ",
        /// 一般 (70–74).
        General = "B04" => "一般",
        /// 低所得Ⅱ.
        LowIncomeII = "B05" => "低所得Ⅱ",
        /// 低所得Ⅰ.
        LowIncomeI = "B06" => "低所得Ⅰ",
        /// 低所得Ⅰ（老福）.
        LowIncomeIWelfare = "B07" => "低所得Ⅰ（老福）",
        /// 低所得Ⅰ（境）.
        LowIncomeIBorder = "B08" => "低所得Ⅰ（境）",
        /// 一般Ⅱ (後期).
        GeneralII = "B09" => "一般Ⅱ",
        /// 一般Ⅰ (後期).
        GeneralI = "B10" => "一般Ⅰ",
    }
}

code_table! {
    /// 特定疾病区分 (OQSCD013).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::SpecificDisease::from_code("1").label(), Some("人工透析を必要とする慢性腎不全"));
    /// ```
    SpecificDisease, "OQSCD013" {
        /// 人工透析を必要とする慢性腎不全.
        Dialysis = "1" => "人工透析を必要とする慢性腎不全",
        /// 先天性血液凝固因子障害.
        Hemophilia = "2" => "先天性血液凝固因子障害（第VIII因子・第IX因子）",
        /// 血液凝固因子製剤起因HIV.
        HivFromBloodProducts = "3" => "血液凝固因子製剤の投与に起因するHIV感染症",
    }
}

code_table! {
    /// 同意区分 (OQSCD016; the 限度額 flag OQSCD001 uses 0/1 of the same scale).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::Consent::from_code("2").label(), Some("同意有効期限切れ"));
    /// ```
    Consent, "OQSCD016" {
        /// 同意なし.
        No = "0" => "同意なし",
        /// 同意あり.
        Yes = "1" => "同意あり",
        /// 同意有効期限切れ.
        Expired = "2" => "同意有効期限切れ",
        /// 同意取得困難.
        Difficult = "3" => "同意取得困難",
    }
}

code_table! {
    /// 処方箋発行形態 (OQSCD017).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::PrescriptionIssue::from_code("1").label(), Some("電子処方箋"));
    /// ```
    PrescriptionIssue, "OQSCD017" {
        /// 電子処方箋.
        Electronic = "1" => "電子処方箋",
        /// 紙の処方箋.
        Paper = "2" => "紙の処方箋",
    }
}
