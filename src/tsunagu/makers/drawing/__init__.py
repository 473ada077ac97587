"""The makers' drawing toolbox: fonts, the Japanese typesetter and QR matrices."""
