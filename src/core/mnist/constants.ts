/** MNIST's shapes, without the models (so page-side modules can use them without loading tfjs). */
export const IMAGE_SIDE = 28;
export const PIXELS = IMAGE_SIDE * IMAGE_SIDE;
export const CLASSES = 10;
