// swift-tools-version:5.9
// A skeleton for iOS apps. NOT BUILT HERE: this project's CI has no Swift toolchain; what it checks
// is the generated C header and module map (check-header.sh). To use it on a Mac:
//   1. scripts/uniffi-generate, then copy target/uniffi/swift/Onshi.swift into Sources/Onshi/;
//   2. build libonshi_uniffi.a for aarch64-apple-ios and aarch64-apple-ios-sim
//      (cargo build --release -p onshi-uniffi --target ...), and wrap them with the generated
//      header and module map in onshi_uniffiFFI.xcframework (xcodebuild -create-xcframework).
import PackageDescription

let package = Package(
    name: "Onshi",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [.library(name: "Onshi", targets: ["Onshi"])],
    targets: [
        .binaryTarget(name: "onshi_uniffiFFI", path: "onshi_uniffiFFI.xcframework"),
        .target(name: "Onshi", dependencies: ["onshi_uniffiFFI"], path: "Sources/Onshi"),
    ]
)
