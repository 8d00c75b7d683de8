//! Sectors of goods: a coarse grouping of ТН ВЭД chapters that decides the brands, the
//! default characteristics and the look of model numbers of demo goods.

/// A group of ТН ВЭД chapters that share brands and characteristics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sector {
    Agro,
    Meat,
    Fish,
    Dairy,
    Produce,
    TeaCoffee,
    Grain,
    Oils,
    Confectionery,
    Grocery,
    Beverages,
    Fuel,
    Chemicals,
    Pharma,
    Cosmetics,
    Household,
    Plastics,
    Tyres,
    Wood,
    Paper,
    Clothing,
    Footwear,
    Construction,
    Metals,
    Machinery,
    Electronics,
    Vehicles,
    Medical,
    Furniture,
    Toys,
    Stationery,
    General,
}

impl Sector {
    /// The sector of a ТН ВЭД chapter (`"04"`); `General` for none or an unknown one.
    pub fn of_chapter(chapter: Option<&str>) -> Sector {
        let Some(n) = chapter.and_then(|c| c.trim().parse::<u32>().ok()) else {
            return Sector::General;
        };
        match n {
            1 | 5 | 6 | 23 => Sector::Agro,
            2 | 16 => Sector::Meat,
            3 => Sector::Fish,
            4 => Sector::Dairy,
            7 | 8 => Sector::Produce,
            9 => Sector::TeaCoffee,
            10 | 11 | 19 => Sector::Grain,
            15 => Sector::Oils,
            17 | 18 => Sector::Confectionery,
            12 | 13 | 14 | 20 | 21 => Sector::Grocery,
            22 => Sector::Beverages,
            27 => Sector::Fuel,
            28 | 29 | 31 | 35 | 36 | 37 | 38 => Sector::Chemicals,
            30 => Sector::Pharma,
            33 => Sector::Cosmetics,
            34 => Sector::Household,
            39 => Sector::Plastics,
            40 => Sector::Tyres,
            44..=46 => Sector::Wood,
            47..=49 => Sector::Paper,
            41..=43 | 50..=63 | 65..=67 => Sector::Clothing,
            64 => Sector::Footwear,
            25 | 32 | 68..=70 => Sector::Construction,
            26 | 72..=83 => Sector::Metals,
            84 => Sector::Machinery,
            85 => Sector::Electronics,
            86..=89 => Sector::Vehicles,
            90..=92 => Sector::Medical,
            94 => Sector::Furniture,
            95 => Sector::Toys,
            96 => Sector::Stationery,
            _ => Sector::General,
        }
    }

    /// Food kinds are ТН ВЭД chapters 02–22 (the only ones that can be СЗПТ).
    pub fn is_food_chapter(chapter: Option<&str>) -> bool {
        chapter
            .and_then(|c| c.trim().parse::<u32>().ok())
            .is_some_and(|n| (2..=22).contains(&n))
    }

    /// Whether goods of the sector carry a model or article number in their name
    /// («Смартфон Samsung A52»); food, medicines and chemicals do not.
    pub fn has_model(self) -> bool {
        !matches!(
            self,
            Sector::Agro
                | Sector::Meat
                | Sector::Fish
                | Sector::Dairy
                | Sector::Produce
                | Sector::TeaCoffee
                | Sector::Grain
                | Sector::Oils
                | Sector::Confectionery
                | Sector::Grocery
                | Sector::Beverages
                | Sector::Fuel
                | Sector::Chemicals
                | Sector::Pharma
                | Sector::Cosmetics
                | Sector::Household
        )
    }

    /// Whether goods of the sector are counted by mass or volume when a characteristic says
    /// so (МКЕИ 166 кг, 112 литр) rather than by the piece.
    pub fn counted_by_measure(self, is_food: bool) -> bool {
        is_food || matches!(self, Sector::Fuel | Sector::Chemicals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_map_to_sectors() {
        assert_eq!(Sector::of_chapter(Some("04")), Sector::Dairy);
        assert_eq!(Sector::of_chapter(Some("85")), Sector::Electronics);
        assert_eq!(Sector::of_chapter(None), Sector::General);
        assert_eq!(Sector::of_chapter(Some("xx")), Sector::General);
        assert!(Sector::is_food_chapter(Some("02")) && Sector::is_food_chapter(Some("22")));
        assert!(!Sector::is_food_chapter(Some("01")) && !Sector::is_food_chapter(Some("23")));
    }
}
