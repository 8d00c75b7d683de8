//! QR codes of code pages (CAT-122, CAT-123, G-42): the absolute URL of the page, as SVG for
//! the page itself and as PNG for download or print.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The QR code of `text` as an SVG document.
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .min_dimensions(180, 180)
            .quiet_zone(true)
            .build(),
    )
}

/// The QR code of `text` as a PNG: `scale` pixels per module and a 4-module quiet zone.
pub fn png(text: &str, scale: u32) -> Option<Vec<u8>> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width() as u32;
    let quiet = 4u32;
    let side = (width + 2 * quiet) * scale;
    let colors = code.to_colors();
    let mut pixels = vec![255u8; (side * side) as usize];
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (mx, my) = (i as u32 % width, i as u32 / width);
            for dy in 0..scale {
                let y = (my + quiet) * scale + dy;
                let row = (y * side) as usize;
                for dx in 0..scale {
                    let x = (mx + quiet) * scale + dx;
                    pixels[row + x as usize] = 0;
                }
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, side, side);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().ok()?;
        w.write_image_data(&pixels).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_has_signature_and_svg_is_svg() {
        let p = png("http://127.0.0.1:8080/code/242012500000001", 4).unwrap();
        assert_eq!(&p[..8], b"\x89PNG\r\n\x1a\n");
        assert!(svg("x").unwrap().contains("<svg"));
    }
}
