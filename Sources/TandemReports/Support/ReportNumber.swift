import Foundation

/// How numbers read in every format, so the same figure prints the same way everywhere.
public enum ReportNumber {
  /// A share as a whole percent, rounded down so that 79.6% never reads as the 80% line: `79%`.
  public static func percentFloor(_ share: Double) -> String {
    // Stored values from any version print, however absurd: no trap on NaN, inf or 1e23.
    guard share.isFinite else { return share.plainText + "%" }
    return "\(Int(saturating: (share * 100 + 1e-9).rounded(.down)))%"
  }

  /// A percent change with one decimal and a sign: `-52.4%`, `+10.0%`.
  public static func signedPercent(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    return (rounded > 0 ? "+" : rounded == 0 ? "±" : "") + fixed(rounded, 1) + "%"
  }

  /// One decimal: `4.7`.
  public static func oneDecimal(_ value: Double) -> String { fixed(value, 1) }

  /// Two decimals: `0.83`.
  public static func twoDecimals(_ value: Double) -> String { fixed(value, 2) }

  /// A decimal without trailing zeros: `2`, `1.5`.
  public static func decimal(_ value: Double) -> String {
    value.plainText
  }

  static func fixed(_ value: Double, _ places: Int) -> String {
    let scale = places == 1 ? 10.0 : 100.0
    guard value.isFinite, abs(value) * scale < 1e15 else { return value.plainText }
    let scaled = Int((abs(value) * scale).rounded())
    let whole = scaled / Int(scale)
    let fraction = scaled % Int(scale)
    let fractionText = places == 1 ? "\(fraction)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)")
    return (value < 0 && scaled != 0 ? "-" : "") + "\(whole).\(fractionText)"
  }
}
