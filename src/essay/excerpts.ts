import type { Block } from './types';

/**
 * The guided read, in the dialogue's order: excerpts quoted verbatim from
 * "And All the Shoggoths Merely Players" (Zack M. Davis, 2024), each line one whole paragraph of
 * the source, and bridges in our own words for what is left out. An excerpt that makes an
 * empirical claim names the cell that re-runs its experiment (src/cells/<id>/).
 * tests/essay.test.ts checks every line against /work/shared/dialogue.txt.
 */
export const READ: Block[] = [
  {
    kind: 'excerpt',
    id: 'opening',
    lines: [
      { stage: 'Setting: a suburban house. The interior of the house takes up most of the stage; on the audience’s right, we see a wall in cross-section, and a front porch. Simplicia enters stage left and rings the doorbell.' },
      { speaker: 'Doomimir', text: '[opening the door] Well? What do you want?' },
      { speaker: 'Simplicia', text: 'I can’t stop thinking about our last conversation. It was kind of all over the place. If you’re willing, I’d like to continue, but focusing in narrower detail on a couple points I’m still confused about.' },
      { speaker: 'Doomimir', text: 'And why should I bother tutoring an Earthling in alignment theory? If you didn’t get it from the empty string, and you didn’t get it from our last discussion, why should I have any hope of you learning this time? And even if you did, what good would it do?' },
      { speaker: 'Simplicia', text: '[serenely] If the world is ending either way, I think it’s more dignified that I understand exactly why. [A beat.] Sorry, that doesn’t explain what’s in it for you. That’s why I had to ask.' },
      { speaker: 'Doomimir', text: '[grimly] As you say. If this world is ending either way.' },
      { stage: 'He motions for her to come in, and they sit down.' },
    ],
  },
  {
    kind: 'bridge',
    text: 'Simplicia is not persuaded by Doomimir’s picture of a language model as an alien actress: predicting the talk in a bar, he says, doesn’t make you drunk. She asks why the same argument wouldn’t say that predicting the answers to modular arithmetic doesn’t mean implementing it, and adds that for safety only the behaviour counts.',
  },
  {
    kind: 'excerpt',
    id: 'clock',
    claim: 'A shallow transformer learns modular addition as rotation on a circle: the clock',
    cell: 'clock-pizza',
    preset: 'clock',
    presetLabel: 'Train the clock (α = 1)',
    lines: [
      { speaker: 'Doomimir', text: '[scoffing] Have you tried imagining any internal mechanisms at all other than a bare, featureless inclination to emit the outward behavior you observe?' },
      { speaker: 'Simplicia', text: '[unfazed] Sure, let’s talk about internal mechanisms. The reason I chose modular arithmetic as an example is because it’s a task for which we have good interpretability results. Train a shallow transformer on a subset of the addition problems modulo some fixed prime. The network learns to map the inputs onto a circle in the embedding space, and then does some trigonometry to extract the residue, much as one would count forward on the face of an analog clock.' },
    ],
  },
  {
    kind: 'excerpt',
    id: 'pizza',
    claim: 'A slightly different architecture learns another algorithm, from midpoints: the pizza',
    cell: 'clock-pizza',
    preset: 'pizza',
    presetLabel: 'Train the pizza (α = 0)',
    lines: [
      { speaker: 'Simplicia', text: 'Alternatively, with a slightly different architecture that has a harder time with trig, it can learn a different algorithm: the embeddings are still on a circle, but the answer is computed by looking at the average of the embedding vectors of the inputs. On the face of an analog clock, the internal midpoints between distinct numbers that sum to 6 mod 12—that’s 2 and 4, or 1 and 5, or 6 and 12, or 10 and 8, or 11 and 7—all lie on the line connecting 3 and 9. Thus, the sum-mod-p of two numbers can be determined by which line the midpoint of the inputs falls on—as long as the inputs aren’t on opposite sides of the circle, in which case their midpoint is in the center, where all the lines meet. But the network compensates for such antipodal points by also learning another circle in a different subspace of the embedding space, such that inputs that are antipodal on the first circle are close together on the second, which helps disambiguate the answer.' },
      { speaker: 'Doomimir', text: 'Cute results. Excellent work—by Earth standards. And entirely unsurprising. Sure, if you train your neural net on a well-posed mathematical problem with a consistent solution, it will converge on a solution to that problem. What’s your point?' },
    ],
  },
  {
    kind: 'bridge',
    text: 'Simplicia answers that the toy case shows how training on data can find an algorithm that generalises, and that language and image models already hit far finer behavioural targets; she sees no barrier in principle to learning good conduct the same way.',
  },
  {
    kind: 'excerpt',
    id: 'word-embeddings',
    claim: 'Two different word embeddings look alike once each word is described by its similarity to shared anchors',
    cell: 'relreps',
    lines: [
      { speaker: 'Doomimir', text: 'Messier tasks aren’t going to have a unique solution like modular arithmetic. If genetic algorithms, gradient descent, or anything like that happens to hill-climb its way into something that appears to work, the function it learns is going to have all sorts of weird squiggles around inputs that we would call adversarial examples, that look like typical members of the training distribution from the AI’s perspective, but not ours—which kill you when optimized over by a powerful AGI.' },
      { speaker: 'Simplicia', text: 'It sounds like you’re making an empirical claim that solutions found by black-box optimization are necessarily contingent and brittle, but there’s some striking evidence that seemingly “messy” tasks admit much more convergent solutions than one might expect. For example, on the surface, the word2vec and FastText word embeddings look completely different—as befitting being produced by two different codebases trained on different datasets. But when you convert their latent spaces to a relative representation—choosing some shared vocabulary words as anchors, and defining all other word vectors by their cosine similarities to the anchors—they look extremely similar.' },
      { speaker: 'Simplicia', text: 'It would seem that “English word embeddings” are a well-posed mathematical problem with a consistent solution. The statistical signature of the language as it is spoken is enough to pin down the essential structure of the embedding.' },
    ],
  },
  {
    kind: 'excerpt',
    id: 'adversarial-examples',
    claim: 'Adversarial perturbations carry predictive features the network really uses',
    cell: 'adversarial-features',
    lines: [
      { speaker: 'Simplicia', text: 'Relatedly, you bring up adversarial examples in a way that suggests that you think of them as defects of a primitive optimization paradigm, but it turns out that adversarial examples often correspond to predictively useful features that the network is actively using for classification, despite those features not being robust to pixel-level perturbations that humans don’t notice—which I guess you could characterize as “weird squiggles” from our perspective, but the etiology of the squiggles presents a much more optimistic story about fixing the problem with adversarial training than if you thought “squiggles” were an inevitable consequence of using conventional ML techniques.' },
    ],
  },
  {
    kind: 'bridge',
    text: 'Doomimir replies that none of this touches the danger, which lies in search and optimisation rather than in learned behaviour. Simplicia asks whether his view makes any testable prediction, and they agree to set deception aside and to call the other failure, a network that fits its training data but behaves unwantedly elsewhere, “mal-generalization”.',
  },
  {
    kind: 'excerpt',
    id: 'coin',
    claim: 'A policy trained with the coin always at the right edge learns to go right, and a little randomisation fixes it',
    cell: 'coin-run',
    lines: [
      { speaker: 'Simplicia', text: 'So there are obviously risks from malgeneralization, where the network that fits your training distribution turns out to not behave the way you wanted against a different distribution. For example, a reinforcement learning policy trained to collect a coin at the right edge of a video game level, might end up continuing to navigate to the right edge of levels where the coin is in a different location. That’s a worrying clue that if we misunderstand how inductive biases work and aren’t careful with our training setup, we might train the wrong thing. As our civilization delegates more and more cognitive labor to machines, eventually humans will lose the ability to course-correct. We’re starting to see the early signs of this: as I mentioned the other day, Anthropic Claude’s preachy, condescending personality already gives me the creeps. I’m pretty nervous about extrapolating that into a future where all productive roles in Society are filled by Claude’s children, concurrently with a transition to explosive economic growth rates.' },
      { speaker: 'Simplicia', text: 'But the malgeneralization examples I named aren’t surprising when you look at how the systems were trained. For the game policy, “going to the coin” and “going to the right” did amount to the same thing in training—and randomizing the coin position in just a couple percent of training episodes suffices to instill the correct behavior. Regarding Claude, Anthropic is using a reinforcement-learning-from-AI-feedback method they call Constitutional AI: instead of having humans provide the labels for RLHF, they write up a list of principles, and have another language model do the labeling. It makes sense that a language model agent trained to conform to principles chosen by a committee at a California public benefit corporation would act like that.' },
    ],
  },
  {
    kind: 'bridge',
    text: 'They argue over deception, which Doomimir holds is convergent for any agent, and over what today’s models show: he says he means any sufficiently powerful system, whose failures must be called in advance, not explained afterwards. Powerful cognition, he adds, needs general-purpose search with something like a goal slot, and training pushes towards it.',
  },
  {
    kind: 'excerpt',
    id: 'label-noise',
    claim: 'Networks still learn MNIST with twenty random labels for every correct one',
    cell: 'label-noise',
    lines: [
      { speaker: 'Doomimir', text: 'Human raters pressing the thumbs-up button on actions that look good to them are going to make mistakes. Your gradient updates point in the direction of “playing the training game”—modeling the training process that actually provides reinforcement, rather than internalizing the utility function that Earthlings naïvely hoped the training process would point to. I’m very, very confident that any AI produced via anything remotely like the current paradigm is not going to end up wanting what we want, even if it’s harder to say exactly when it will go off the rails or what it will want instead.' },
      { speaker: 'Simplicia', text: 'You could be right, but it seems like this all depends on empirical facts about how deep learning works, rather than something you could be so confident in from a priori philosophy. The argument that systemic error in human reward labels favors gaming the training process over the “correct” behavior sounds plausible to me, as philosophy.' },
      { speaker: 'Simplicia', text: 'But I’m not sure how to reconcile that with the empirical evidence that deep networks are robust to massive label noise: you can train on MNIST digits with twenty noisy labels for every correct one and still get good performance as long as the correct label is slightly more common than the most common wrong label. If I extrapolate that to the frontier AIs of tomorrow, why doesn’t that predict that biased human reward ratings should result in a small performance reduction, rather than … death?' },
      { speaker: 'Simplicia', text: 'When extrapolation from empirical data (in a setting that might not apply to the phenomenon of interest) contradicts thought experiments (which might make assumptions that don’t apply to the phenomenon of interest), I’m not sure which should govern my anticipations. Maybe both results are possible for different kinds of systems?' },
    ],
  },
  {
    kind: 'excerpt',
    id: 'counting-argument',
    claim: 'Networks that could memorise generalise instead: the counting argument for overfitting fails',
    cell: 'grokking',
    lines: [
      { speaker: 'Simplicia', text: 'The case for near-certain death seems to rely on a counting argument: powerful systems will be expected utility maximizers; there’s an astronomical space of utility functions to choose from, and almost none of them are friendly. But the reason I keep going back to the modular arithmetic example is because it’s a scaled-down case where we know that training data successfully pinned down the intended input–output function. As I mentioned the other day, this wasn’t obvious in advance of seeing the experimental result. You could make a similar counting argument that deep nets should always overfit, because there are so many more functions that generalize poorly. Somehow, the neural network prior favors the “correct” solution, rather than it taking an astronomically unlikely coincidence.' },
      { speaker: 'Doomimir', text: 'For modular arithmetic, sure. That’s a fact about the training distribution, the test distribution, and the optimizer. It’s definitely, definitely not going to work for “goodness”.' },
    ],
  },
  {
    kind: 'excerpt',
    id: 'closing',
    lines: [
      { speaker: 'Simplicia', text: 'Even though it seems to work for “text” and “images”? But okay, that’s plausible. Do you have empirical evidence?' },
      { speaker: 'Doomimir', text: 'Actually, yes. You see—' },
      { stage: 'A mail carrier holding a package enters stage left. He rings the doorbell.' },
      { speaker: 'Doomimir', text: 'That’s probably the mailman. I’m expecting a package today that I need to sign for. I’ll be right back.' },
      { speaker: 'Simplicia', text: 'So you might say, we’ll continue [turning to the audience] after the next post?' },
      { speaker: 'Doomimir', text: '[walking to the door] I suppose, but it’s bizarre to phrase it that way given that the interruption literally won’t take two minutes.' },
      { stage: 'Simplicia gives him a look.' },
      { speaker: 'Doomimir', text: '[to the audience] Subjectively.' },
    ],
  },
];
