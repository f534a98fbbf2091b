import type { Work } from './types';

/** The dialogue the notebook is built around. */
export const DIALOGUE = {
  title: 'And All the Shoggoths Merely Players',
  author: 'Zack M. Davis',
  published: 'LessWrong, February 2024',
  url: 'https://www.lesswrong.com/posts/8yCXeafJo67tYe5L4/and-all-the-shoggoths-merely-players',
} as const;

/** The experiments behind the dialogue's claims, in the order the read reaches them. */
export const WORKS: Work[] = [
  {
    authors: 'Neel Nanda, Lawrence Chan, Tom Lieberum, Jess Smith, Jacob Steinhardt',
    year: 2023,
    title: 'Progress measures for grokking via mechanistic interpretability',
    venue: 'ICLR',
  },
  {
    authors: 'Ziqian Zhong, Ziming Liu, Max Tegmark, Jacob Andreas',
    year: 2023,
    title: 'The Clock and the Pizza: Two Stories in Mechanistic Explanation of Neural Networks',
    venue: 'NeurIPS',
  },
  {
    authors: 'Luca Moschella, Valentino Maiorca, Marco Fumero, Antonio Norelli, Francesco Locatello, Emanuele Rodolà',
    year: 2023,
    title: 'Relative representations enable zero-shot latent space communication',
    venue: 'ICLR',
  },
  {
    authors: 'Andrew Ilyas, Shibani Santurkar, Dimitris Tsipras, Logan Engstrom, Brandon Tran, Aleksander Madry',
    year: 2019,
    title: 'Adversarial examples are not bugs, they are features',
    venue: 'NeurIPS',
  },
  {
    authors: 'Lauro Langosco di Langosco, Jack Koch, Lee Sharkey, Jacob Pfau, David Krueger',
    year: 2022,
    title: 'Goal misgeneralization in deep reinforcement learning',
    venue: 'ICML',
  },
  {
    authors: 'David Rolnick, Andreas Veit, Serge Belongie, Nir Shavit',
    year: 2017,
    title: 'Deep learning is robust to massive label noise',
    venue: 'arXiv',
  },
  {
    authors: 'Andrey Gromov',
    year: 2023,
    title: 'Grokking modular arithmetic',
    venue: 'arXiv',
  },
  {
    authors: 'Darshil Doshi, Aritra Das, Tianyu He, Andrey Gromov',
    year: 2023,
    title: 'To grok or not to grok: disentangling generalization and memorization on corrupted algorithmic datasets',
    venue: 'arXiv',
  },
];

/** Data sets the cells use, with the credit their licences ask for. */
export const DATA_CREDITS: string[] = ['MNIST: Yann LeCun, Corinna Cortes & Christopher J. C. Burges, CC BY-SA 3.0'];
